import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../browser/chromium.js';

/**
 * Opens `url` for a person: with `app`, a chromeless Chromium/Chrome window (`--app=URL --test-type`,
 * own profile) when one is installed; otherwise the default browser (`xdg-open`, `open` or `start`).
 * Returns the browser process (for an app window: it exits when the window is closed).
 *
 * @example
 * ```ts
 * openViewer('http://127.0.0.1:8080/', { app: true });
 * ```
 */
export function openViewer(url: string, opts: { app?: boolean } = {}): ChildProcess {
  const chromium = opts.app ? findChromium() : null;
  if (chromium) {
    const profile = mkdtempSync(join(tmpdir(), 'tsgym-view-'));
    return spawn(chromium, [`--app=${url}`, '--test-type', `--user-data-dir=${profile}`, '--no-first-run', '--disable-sync', '--window-size=1400,860'], {
      stdio: 'ignore',
      detached: false,
    });
  }
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`tsgym: could not open a browser; open ${url} yourself\n`));
  child.unref();
  return child;
}
