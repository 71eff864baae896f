import { spawn } from 'node:child_process';
import { findChromium } from '../browser/chromium.js';
import { displayProblem, openAppWindow } from './appWindow.js';
import type { AppWindow } from './appWindow.js';

/** Options of `openViewer`. */
export interface OpenViewerOptions {
  /** A chromeless Chromium/Chrome window instead of a browser tab. */
  readonly app?: boolean;
  /** Resolves when the page has loaded (`ViewServer.visited`); needed to watch an app window start. */
  readonly visited?: Promise<void>;
  /** See `AppWindowOptions.loadTimeoutMs`. */
  readonly loadTimeoutMs?: number;
  /** Where the one-line notes go; default stderr. */
  readonly say?: (line: string) => void;
}

/**
 * Opens `url` for a person: with `app`, a chromeless Chromium/Chrome window (see `openAppWindow`) when one
 * is installed; otherwise the default browser (`xdg-open`, `open` or `start`). On a Linux machine
 * without a display it opens nothing and says so in one line. Returns the app window, or null.
 *
 * @example
 * ```ts
 * const w = openViewer('http://127.0.0.1:8080/', { app: true, visited: server.visited });
 * ```
 */
export function openViewer(url: string, opts: OpenViewerOptions = {}): AppWindow | null {
  const say = opts.say ?? ((l: string) => void process.stderr.write(`tsgym: ${l}\n`));
  const noDisplay = displayProblem(process.env, process.platform, url);
  if (noDisplay !== null) {
    say(`not opening a browser: ${noDisplay}`);
    return null;
  }
  const chromium = opts.app ? findChromium() : null;
  if (opts.app && chromium === null) say('--app: no Chromium/Chrome found (set TSGYM_CHROMIUM): opening the default browser instead');
  if (chromium !== null) return openAppWindow(url, { chromium, visited: opts.visited ?? new Promise(() => undefined), loadTimeoutMs: opts.loadTimeoutMs });
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => say(`could not open a browser (${cmd} is missing): open ${url} yourself`));
  child.unref();
  return null;
}
