import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { readRecording } from '../../../renderers/io/readRecording.js';
import { listRecordings } from '../../../renderers/server/listRecordings.js';
import { openViewer } from '../../../renderers/server/openViewer.js';
import { startViewServer } from '../../../renderers/server/ViewServer.js';
import type { ViewServer } from '../../../renderers/server/ViewServer.js';
import { CliError } from '../CliError.js';
import { intAtLeast } from '../parseArgs.js';

/** Options of `runView`. */
export interface ViewArgs {
  readonly port?: number;
  readonly app?: boolean;
  /** Commander's `--no-open` sets `open: false`. */
  readonly open?: boolean;
}

/**
 * Starts the view server for a recording file or a folder of recordings and opens it (unless
 * `open: false`). A file is validated first, so a bad file fails here with one clear line.
 *
 * @example
 * ```ts
 * const server = await runView('runs/grid.json.gz', { open: false });
 * console.log(server.url);
 * ```
 */
export async function runView(target: string, args: ViewArgs = {}): Promise<ViewServer> {
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
  if (args.open !== false) {
    const child = openViewer(server.url, { app: args.app });
    if (args.app) child.on('exit', () => void server.close().then(() => process.exit(0)));
  }
  return server;
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
      await new Promise<void>((done) => {
        const stop = (): void => void server.close().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
