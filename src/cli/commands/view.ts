import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { readRecording } from '../../../renderers/io/readRecording.js';
import { listRecordings } from '../../../renderers/server/listRecordings.js';
import { openViewer } from '../../../renderers/server/openViewer.js';
import { startViewServer } from '../../../renderers/server/ViewServer.js';
import type { ViewServer } from '../../../renderers/server/ViewServer.js';
import type { AppWindow } from '../../../renderers/server/appWindow.js';
import { CliError } from '../CliError.js';
import { intAtLeast } from '../parseArgs.js';

/** Options of `runView`. */
export interface ViewArgs {
  readonly port?: number;
  readonly app?: boolean;
  /** Commander's `--no-open` sets `open: false`. */
  readonly open?: boolean;
  /** How long an `--app` window may take to load the viewer; default 20 s. */
  readonly loadTimeoutMs?: number;
}

/** A running `tsgym view`: the server and, with `--app`, the desktop window. */
export interface ViewSession extends ViewServer {
  readonly window: AppWindow | null;
}

/**
 * Starts the view server for a recording file or a folder of recordings and opens it (unless
 * `open: false`). A file is validated first, so a bad file fails here with one clear line. With `app`,
 * `window.started` says whether the desktop window loaded the viewer (or why not, with the fix).
 *
 * @example
 * ```ts
 * const server = await runView('runs/grid.json.gz', { open: false });
 * console.log(server.url);
 * ```
 */
export async function runView(target: string, args: ViewArgs = {}): Promise<ViewSession> {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new CliError(`Cannot view '${target}': no such file or folder`);
  }
  const files = isDir ? listRecordings(target) : [target];
  if (!isDir) await readRecording(target);
  if (isDir && files.length === 0) process.stderr.write(`tsgym: no *.json or *.json.gz recordings in '${target}' (the page waits for a live episode)\n`);
  const server = await startViewServer({ recordings: files, port: args.port ?? 0 });
  const window = args.open === false ? null : openViewer(server.url, { app: args.app, visited: server.visited, loadTimeoutMs: args.loadTimeoutMs });
  return { ...server, window };
}

/**
 * `tsgym view FILE|DIR [--port N] [--app] [--no-open]`: serves the viewer and the recordings on
 * 127.0.0.1 and opens the default browser (`--app`: a chromeless Chromium/Chrome window).
 *
 * @example
 * ```ts
 * register(program); // tsgym view runs/grid.json.gz --app
 * ```
 */
export function register(program: Command): void {
  program
    .command('view')
    .description('watch recordings in the browser viewer (served on 127.0.0.1 only)')
    .argument('<path>', 'a recording (.json / .json.gz) or a folder of them')
    .option('--port <n>', 'port (default: a free one)', intAtLeast('--port', 0))
    .option('--app', 'open a chromeless Chromium/Chrome window instead of a browser tab')
    .option('--no-open', 'do not open anything; print the URL')
    .action(async (target: string, opts: ViewArgs) => {
      if (opts.port !== undefined && opts.port > 65535) throw new CliError(`Invalid --port '${opts.port}': expected 0..65535`);
      const server = await runView(target, opts);
      process.stdout.write(`Viewer at ${server.url} (Ctrl-C to stop)\n`);
      const win = server.window;
      if (win !== null)
        void win.started.then((s) => {
          // a window that loaded and then closed ends the session; one that never opened leaves the server up
          if (s.ok) void win.closed.then(() => server.close().then(() => process.exit(0)));
          else process.stderr.write(`tsgym: the viewer window did not open: ${s.reason} (still serving at ${server.url})\n`);
        });
      await new Promise<void>((done) => {
        const stop = (): void => void server.close().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
