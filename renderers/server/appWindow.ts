import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of `openAppWindow`. */
export interface AppWindowOptions {
  /** The Chromium/Chrome executable. */
  readonly chromium: string;
  /** Resolves when the viewer page has loaded in some browser (`ViewServer.visited`). */
  readonly visited: Promise<void>;
  /** How long the window may take to load the viewer before it counts as failed; default 20 s. */
  readonly loadTimeoutMs?: number;
  /** Environment of the browser; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Whether we run as root (Chromium then needs `--no-sandbox`); default from `process.getuid`. */
  readonly root?: boolean;
}

/** The outcome of starting a desktop window. */
export type AppWindowStart = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** A desktop viewer window. */
export interface AppWindow {
  readonly child: ChildProcess;
  /** Settles once: ok when the viewer loaded in the window, else one line saying why and the fix. */
  readonly started: Promise<AppWindowStart>;
  /** Resolves when the browser process has exited (the window was closed). */
  readonly closed: Promise<void>;
}

/**
 * The command-line flags of a chromeless viewer window: `--app=URL`, its own profile, `--test-type`
 * (no warning bar) and, as root, `--no-sandbox` (Chromium refuses to start as root without it).
 * Extra flags may come from `TSGYM_CHROMIUM_FLAGS` (space-separated).
 *
 * @example
 * ```ts
 * appWindowArgs('http://127.0.0.1:8080/', '/tmp/p', true); // [..., '--no-sandbox']
 * ```
 */
export function appWindowArgs(url: string, profile: string, root: boolean, extra = ''): string[] {
  const args = [`--app=${url}`, '--test-type', `--user-data-dir=${profile}`, '--no-first-run', '--disable-sync', '--window-size=1400,860'];
  if (root) args.push('--no-sandbox');
  return [...args, ...extra.split(/\s+/).filter((f) => f !== '')];
}

/**
 * Why a viewer window could not open, in one line with the fix, or null when a window could open:
 * on Linux a window needs `DISPLAY` (X11) or `WAYLAND_DISPLAY`.
 *
 * @example
 * ```ts
 * displayProblem({}, 'linux', 'http://127.0.0.1:8080/'); // 'no display: ...'
 * ```
 */
export function displayProblem(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, url: string): string | null {
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return null;
  if ((env.DISPLAY ?? '') !== '' || (env.WAYLAND_DISPLAY ?? '') !== '') return null;
  return (
    'no display (DISPLAY and WAYLAND_DISPLAY are not set), so no browser window can open: ' +
    `open ${url} in a browser on this machine, forward the port (ssh -L), or run under a desktop session / xvfb-run`
  );
}

const KNOWN: readonly (readonly [RegExp, (url: string) => string])[] = [
  [/Running as root without --no-sandbox/, () => 'Chromium refuses to run as root without --no-sandbox: add it through TSGYM_CHROMIUM_FLAGS="--no-sandbox", or run as a normal user'],
  [/No usable sandbox|setuid sandbox|namespace.*sandbox/i, () => 'Chromium found no usable sandbox on this system: set TSGYM_CHROMIUM_FLAGS="--no-sandbox", or enable user namespaces'],
  [/Missing X server|cannot open display|Unable to open X display/i, (u) => `Chromium could not reach the X display (DISPLAY=${process.env.DISPLAY ?? ''}): check DISPLAY and xhost access, or open ${u} in a browser`],
  [/wayland.*(failed|error)/i, (u) => `Chromium could not connect to the Wayland display: try TSGYM_CHROMIUM_FLAGS="--ozone-platform=x11", or open ${u} in a browser`],
];

function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
}

/** The last non-empty line a browser printed, without Chromium's `[pid:tid:time:LEVEL:file]` prefix. */
function lastLine(stderr: string): string | undefined {
  return stderr
    .split('\n')
    .map((l) => l.replace(/^\[[^\]]*\]\s*/, '').trim())
    .filter((l) => l !== '' && !/^\/usr\/bin\/chromium: \d+: \[/.test(l))
    .pop();
}

/**
 * One line saying why a browser that exited before loading the viewer failed, with the fix, from its
 * exit code/signal and what it printed on stderr.
 *
 * @example
 * ```ts
 * explainBrowserExit('... Running as root without --no-sandbox is not supported', 1, null, 'http://127.0.0.1:1/');
 * ```
 */
export function explainBrowserExit(stderr: string, code: number | null, signal: string | null, url: string): string {
  for (const [re, say] of KNOWN) if (re.test(stderr)) return say(url);
  const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code ?? '?'}`;
  const last = lastLine(stderr);
  const said = last ? ` ("${last.slice(0, 160)}")` : '';
  return `the browser ${how} before loading the viewer${said}: open ${url} in a browser, or set TSGYM_CHROMIUM to another Chromium/Chrome`;
}

/**
 * Opens the viewer in a chromeless Chromium window and watches it start: a browser that exits before the
 * page loads, or never loads it within `loadTimeoutMs`, settles `started` with the reason and the fix
 * (from its stderr) instead of passing silently for a closed window.
 *
 * @example
 * ```ts
 * const w = openAppWindow(server.url, { chromium: '/usr/bin/chromium', visited: server.visited });
 * const s = await w.started;
 * if (!s.ok) console.error(s.reason);
 * ```
 */
export function openAppWindow(url: string, opts: AppWindowOptions): AppWindow {
  const env = opts.env ?? process.env;
  const root = opts.root ?? process.getuid?.() === 0;
  const profile = mkdtempSync(join(tmpdir(), 'tsgym-view-'));
  const child = spawn(opts.chromium, appWindowArgs(url, profile, root, env.TSGYM_CHROMIUM_FLAGS ?? ''), { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString('utf8')).slice(-8192);
  });
  const closed = new Promise<void>((done) => {
    child.once('exit', () => done());
    child.once('error', () => done());
  });
  const started = new Promise<AppWindowStart>((settle) => {
    const timer = setTimeout(() => {
      const last = lastLine(stderr);
      const seen = last === undefined ? '' : ` (the browser said "${last.slice(0, 160)}")`;
      settle({ ok: false, reason: `the window did not load the viewer within ${seconds(opts.loadTimeoutMs ?? 20_000)} s${seen}: open ${url} in a browser` });
    }, opts.loadTimeoutMs ?? 20_000);
    timer.unref();
    void opts.visited.then(() => {
      clearTimeout(timer);
      settle({ ok: true });
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      settle({ ok: false, reason: `could not start ${opts.chromium} (${e.message}): set TSGYM_CHROMIUM to a Chromium/Chrome, or open ${url} in a browser` });
    });
    child.once('exit', (code, signal) => {
      // 'close' follows once stderr is drained: read the browser's last words there
      child.once('close', () => {
        clearTimeout(timer);
        settle({ ok: false, reason: explainBrowserExit(stderr, code, signal, url) });
      });
    });
  });
  return { child, started, closed };
}
