import { readFileSync, readdirSync } from 'node:fs';
import { hasSumo } from '../../../../envs/traffic/sumo/process/findSumo.js';

/** Whether Debian's sumo is installed (tests that need it skip only when it is truly absent). */
export const SUMO = hasSumo();

/** The cross network of tsgym's own fixtures (one signal, C). */
export const CROSS = 'test/fixtures/sumo/cross/cross.sumocfg';

/** Process ids of the sumo processes this process started that still exist (zombies included). */
export function sumoChildren(): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if ((name === 'sumo' || name === 'setpriv') && ppid === process.pid) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * How long a killed SUMO may take to be reaped before the check calls it leaked. A kill is immediate but
 * reaping is not: node waits for the child's SIGCHLD on its event loop, and on a loaded machine (two
 * shared cores, other suites running SUMO) that took over 2 s once. A leaked child never goes away, so a
 * generous bound keeps the check meaningful.
 */
export const REAP_TIMEOUT_MS = 10_000;

/**
 * Polls (letting the event loop reap) until no sumo child of this process is left, up to `ms`; returns
 * those still there then (empty when all were reaped).
 */
export async function sumoChildrenAfter(ms = REAP_TIMEOUT_MS): Promise<number[]> {
  const until = Date.now() + ms;
  for (;;) {
    const left = sumoChildren();
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 25));
  }
}
