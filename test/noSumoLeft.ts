import { readFileSync, readdirSync } from 'node:fs';

/**
 * vitest global setup: after the whole suite, no SUMO started by tsgym's backend may still run (they
 * are recognised by the loopback address tsgym streams their trip output to, by starting after the
 * suite began and by descending from this process, so SUMOs of other runs on the same machine are left
 * alone). Any left is killed and the suite fails, naming them.
 */
let started = 0;

function bootTimeMs(): number {
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return Date.now() - uptime * 1000;
}

/** Whether process `pid` descends from process `root` (walking parent ids in /proc). */
function descendsFrom(pid: number, root: number): boolean {
  let p = pid;
  for (let k = 0; k < 64 && p > 1; k++) {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    p = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (p === root) return true;
  }
  return false;
}

function tsgymSumos(): number[] {
  const out: number[] = [];
  if (process.platform !== 'linux') return out;
  const boot = bootTimeMs();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      const i = cmd.indexOf('--tripinfo-output');
      if (!/(^|\/)sumo(-gui)?$/.test(cmd[0] ?? '') || i < 0 || !(cmd[i + 1] ?? '').startsWith('127.0.0.1:')) continue;
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      // only this suite's: other runs on a shared machine (other test suites, benchmarks) start SUMO too
      if (boot + startTicks * 10 >= started - 1000 && descendsFrom(Number(d), process.pid)) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export function setup(): void {
  started = Date.now();
}

export function teardown(): void {
  const left = tsgymSumos();
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  if (left.length === 0) return;
  // an error thrown here is only printed: make the run fail as well
  process.exitCode = 1;
  throw new Error(
    `SUMO processes started by the tests were still running after the suite: ${left.join(', ')} (killed now); every env with backend 'sumo' must be closed`,
  );
}
