import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runView } from '../../src/cli/commands/view.js';
import { findChromium } from '../../renderers/browser/chromium.js';
import { appWindowArgs, displayProblem, explainBrowserExit, openAppWindow } from '../../renderers/server/appWindow.js';
import { writeRecording } from '../../renderers/io/writeRecording.js';
import { syntheticTraffic } from '../../renderers/synthetic/syntheticTraffic.js';
import { ensureViewerBuilt } from '../e2e/viewerBuild.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-app-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in browser: a shell script that prints `stderr` and exits with `code` (or sleeps when null). */
function fakeBrowser(name: string, stderr: string, code: number | null): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\necho '${stderr}' >&2\n${code === null ? 'exec sleep 30' : `exit ${code}`}\n`);
  chmodSync(p, 0o755);
  return p;
}

const never = new Promise<void>(() => undefined);
const URL0 = 'http://127.0.0.1:9/';

describe('the --app window watchdog', () => {
  it('passes --no-sandbox as root only, and extra flags from TSGYM_CHROMIUM_FLAGS', () => {
    expect(appWindowArgs(URL0, '/p', true)).toContain('--no-sandbox');
    expect(appWindowArgs(URL0, '/p', false)).not.toContain('--no-sandbox');
    expect(appWindowArgs(URL0, '/p', false, ' --ozone-platform=x11 ')).toContain('--ozone-platform=x11');
    expect(appWindowArgs(URL0, '/p', false)).toEqual(expect.arrayContaining([`--app=${URL0}`, '--test-type', '--user-data-dir=/p']));
  });

  it('says in one line that a Linux machine without a display cannot show a window', () => {
    expect(displayProblem({}, 'linux', URL0)).toMatch(/^no display \(DISPLAY and WAYLAND_DISPLAY are not set\).*open http:\/\/127\.0\.0\.1:9\/ in a browser/);
    expect(displayProblem({ DISPLAY: ':0' }, 'linux', URL0)).toBeNull();
    expect(displayProblem({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', URL0)).toBeNull();
    expect(displayProblem({}, 'darwin', URL0)).toBeNull();
  });

  it('names the cause and the fix of a browser that exits at once', async () => {
    const root = '[1:1:1205/214530.192268:ERROR:zygote_host_impl_linux.cc(103)] Running as root without --no-sandbox is not supported.';
    const w = openAppWindow(URL0, { chromium: fakeBrowser('root.sh', root, 1), visited: never, root: false });
    const s = await w.started;
    expect(s.ok).toBe(false);
    expect(s.ok ? '' : s.reason).toMatch(/^Chromium refuses to run as root without --no-sandbox: add it through TSGYM_CHROMIUM_FLAGS/);
    const crash = fakeBrowser('crash.sh', '[9:9:0:ERROR:gpu.cc(1)] GPU process died', 3);
    const other = openAppWindow(URL0, { chromium: crash, visited: never, root: false });
    const t = await other.started;
    expect(t.ok ? '' : t.reason).toBe(
      'the browser exited with code 3 before loading the viewer ("GPU process died"): ' +
        `open ${URL0} in a browser, or set TSGYM_CHROMIUM to another Chromium/Chrome`,
    );
    expect(explainBrowserExit('Missing X server or $DISPLAY', 1, null, URL0)).toMatch(/^Chromium could not reach the X display/);
    const missing = openAppWindow(URL0, { chromium: join(dir, 'no-such-browser'), visited: never });
    const m = await missing.started;
    expect(m.ok ? '' : m.reason).toMatch(/^could not start .*no-such-browser \(spawn .* ENOENT\): set TSGYM_CHROMIUM/);
  });

  it('reports a browser that runs but never loads the page', async () => {
    const w = openAppWindow(URL0, { chromium: fakeBrowser('hang.sh', 'waiting for nothing', null), visited: never, loadTimeoutMs: 300, root: false });
    const s = await w.started;
    w.child.kill();
    expect(s.ok ? '' : s.reason).toBe(`the window did not load the viewer within 0.3 s (the browser said "waiting for nothing"): open ${URL0} in a browser`);
  });
});

/** Counts pixels of an XWD screen dump (32 bits per pixel, as Xvfb writes at depth 24) that are neither black nor `bg`. */
function paintedPixels(xwd: Buffer, bg: readonly number[]): { painted: number; total: number } {
  const h = (i: number): number => xwd.readUInt32BE(i * 4);
  const [headerSize, , , , width, height] = [h(0), h(1), h(2), h(3), h(4), h(5)];
  const byteOrder = h(7);
  const bpp = h(11);
  const bytesPerLine = h(12);
  const ncolors = h(19);
  if (bpp !== 32) throw new Error(`expected a 32-bit XWD dump, got ${bpp} bits per pixel`);
  const start = headerSize + ncolors * 12;
  let painted = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = start + y * bytesPerLine + x * 4;
      const v = byteOrder === 0 ? xwd.readUInt32LE(o) : xwd.readUInt32BE(o);
      const rgb = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
      const isBg = Math.abs(rgb[0] - bg[0]) + Math.abs(rgb[1] - bg[1]) + Math.abs(rgb[2] - bg[2]) <= 24;
      if (!isBg && rgb[0] + rgb[1] + rgb[2] > 0) painted++;
    }
  return { painted, total: width * height };
}

const haveX = spawnSync('sh', ['-c', 'command -v Xvfb && command -v xwd']).status === 0;

describe.runIf(haveX && findChromium() !== null)('tsgym view --app under Xvfb', () => {
  let xvfb: ChildProcess;
  let display = '';
  beforeAll(async () => {
    await ensureViewerBuilt();
    xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1400x900x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    display = await new Promise<string>((done) => xvfb.stdout?.once('data', (b: Buffer) => done(`:${b.toString().trim()}`)));
  }, 120_000);
  afterAll(() => void xvfb.kill());

  it('opens a window (as root too) that loads the viewer and draws the scene', async () => {
    const file = join(dir, 'grid.json');
    writeRecording(file, syntheticTraffic({ rows: 2, cols: 2, vehicles: 40, frames: 60, seed: 4 }));
    const saved = process.env.DISPLAY;
    process.env.DISPLAY = display;
    const session = await runView(file, { app: true, loadTimeoutMs: 60_000 });
    try {
      const win = session.window;
      expect(win).not.toBeNull();
      const s = await win?.started;
      expect(s).toEqual({ ok: true });
      // give Pixi a moment to draw its first frames, then dump the whole X screen
      await new Promise((r) => setTimeout(r, 3000));
      const dump = spawnSync('xwd', ['-root', '-silent', '-display', display], { maxBuffer: 1 << 26 });
      expect(dump.status).toBe(0);
      const { painted, total } = paintedPixels(dump.stdout, [0x1d, 0x20, 0x24]);
      // the window is 1400 x 860: side panel text, controls and the scene make up well over 1 % of it
      expect(total).toBe(1400 * 900);
      expect(painted).toBeGreaterThan(0.01 * total);
    } finally {
      session.window?.child.kill();
      await session.close();
      process.env.DISPLAY = saved;
    }
  }, 120_000);
});
