import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { InvalidConfig } from '../../src/core/errors.js';

/**
 * Chromium flags for headless runs on machines without a GPU: Pixi then gets WebGL on SwiftShader.
 * Binding (DESIGN.md "Viewer").
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/**
 * Path of an installed Chromium/Chrome (`TSGYM_CHROMIUM` first), or null.
 *
 * @example
 * ```ts
 * findChromium(); // '/usr/bin/chromium'
 * ```
 */
export function findChromium(): string | null {
  const env = process.env.TSGYM_CHROMIUM;
  if (env && existsSync(env)) return env;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** A headless browser with its throw-away profile; `close()` removes both. */
export interface HeadlessChromium {
  /** A persistent context on the fresh profile (Playwright's way to pass `--user-data-dir`). */
  readonly context: BrowserContext;
  /**
   * CPU milliseconds (user + system) used so far by all of this browser's processes (renderer, GPU
   * process with SwiftShader, network, ...), read from /proc; NaN where /proc is missing. Robust on a
   * shared machine where wall-clock time depends on other people's load.
   */
  cpuMs(): number;
  close(): Promise<void>;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

function cpuMsOfProfile(profile: string): number {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return Number.NaN;
  }
  let ticks = 0;
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
    } catch {
      // the process ended meanwhile
    }
  }
  return (ticks * 1000) / USER_HZ;
}

/**
 * Launches headless Chromium through playwright-core with the DESIGN.md flags and a fresh
 * `--user-data-dir`. Throws InvalidConfig when no Chromium is installed.
 *
 * @example
 * ```ts
 * const { context, close } = await launchHeadless();
 * const page = await context.newPage();
 * await close();
 * ```
 */
export async function launchHeadless(): Promise<HeadlessChromium> {
  const exe = findChromium();
  if (exe === null)
    throw new InvalidConfig(
      'No Chromium found (looked for /usr/bin/chromium and Chrome): install it, e.g. `apt-get install -y chromium`, or set TSGYM_CHROMIUM',
    );
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'tsgym-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: exe,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    cpuMs: () => cpuMsOfProfile(profile),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
