/** SUMO's speed on a grid like tsgym's bench grid, measured in this run. */
export interface SumoMeasurement {
  readonly version: string;
  /** Vehicle-updates per CPU second of the sumo process. */
  readonly ups: number;
  readonly vehicleUpdates: number;
}

const COLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Runs Debian's `sumo` (when installed; Node only) on the same kind of grid as the bench: `netgenerate
 * --grid` with the same size, block length, lanes and static signals, and flows of the same total rate from
 * every border entry (a third straight across, two thirds to neighbouring exits, routed by SUMO), for the
 * same simulated time. Returns vehicle-updates per CPU second of the sumo process (its UPS times its wall
 * duration, over user + system CPU from bash's `time`), or undefined when sumo is missing or fails.
 *
 * @example
 * ```ts
 * const s = await measureSumoUps({ rows: 4, cols: 4, lanes: 1, spacing: 200, approachLength: 200, demand: 150 });
 * ```
 */
export async function measureSumoUps(
  grid: { rows: number; cols: number; lanes: number; spacing: number; approachLength: number; demand: number },
  seconds = 3600,
): Promise<SumoMeasurement | undefined> {
  if (typeof process === 'undefined' || grid.rows !== grid.cols) return undefined;
  try {
    const cp = await import('node:child_process');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const which = cp.spawnSync('sumo', ['--version'], { encoding: 'utf8' });
    if (which.status !== 0) return undefined;
    const version = /Version (\S+)/.exec(which.stdout)?.[1] ?? '?';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsgym-sumo-'));
    const n = grid.rows;
    const net = path.join(dir, 'grid.net.xml');
    const gen = cp.spawnSync(
      'netgenerate',
      [
        '--grid',
        `--grid.number=${n}`,
        `--grid.length=${grid.spacing}`,
        `--grid.attach-length=${grid.approachLength}`,
        `--default.lanenumber=${grid.lanes}`,
        '--default-junction-type=traffic_light',
        '--tls.default-type=static',
        '-o',
        net,
      ],
      { encoding: 'utf8' },
    );
    if (gen.status !== 0) return undefined;
    const entries: [string, string[]][] = [];
    const c = (i: number): string => COLS[i % n] ?? 'A';
    const last = c(n - 1);
    for (let r = 0; r < n; r++) {
      entries.push([`left${r}A${r}`, [0, 1, n - 1].map((k) => `${last}${(r + k) % n}right${(r + k) % n}`)]);
      entries.push([`right${r}${last}${r}`, [0, 1, n - 1].map((k) => `A${(r + k) % n}left${(r + k) % n}`)]);
    }
    for (let k0 = 0; k0 < n; k0++) {
      entries.push([`bottom${k0}${c(k0)}0`, [0, 1, n - 1].map((k) => `${c(k0 + k)}${n - 1}top${(k0 + k) % n}`)]);
      entries.push([`top${k0}${c(k0)}${n - 1}`, [0, 1, n - 1].map((k) => `${c(k0 + k)}0bottom${(k0 + k) % n}`)]);
    }
    const flows = entries.flatMap(([from, tos], i) =>
      tos.map(
        (to, j) =>
          `  <flow id="f${i}_${j}" from="${from}" to="${to}" begin="0" end="${seconds}" vehsPerHour="${grid.demand / tos.length}" departLane="best" ` +
            `departSpeed="max"/>`,
      ),
    );
    const rou = path.join(dir, 'flows.rou.xml');
    fs.writeFileSync(rou, `<routes>\n${flows.join('\n')}\n</routes>\n`);
    const script = `TIMEFORMAT="CPU %U %S"; { time sumo -n '${net}' -r '${rou}' --begin 0 --end ${seconds} --no-step-log --no-warnings ` +
      `--duration-log.statistics > '${dir}/out.txt' 2>&1 ; } 2> '${dir}/cpu.txt'`;
    const run = cp.spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    const out = fs.readFileSync(path.join(dir, 'out.txt'), 'utf8');
    const cpuTxt = fs.readFileSync(path.join(dir, 'cpu.txt'), 'utf8');
    fs.rmSync(dir, { recursive: true, force: true });
    if (run.status !== 0) return undefined;
    const ups = Number(/UPS: ([\d.]+)/.exec(out)?.[1]);
    const dur = Number(/Performance:\s*\n\s*Duration: ([\d.]+)s/.exec(out)?.[1]);
    const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(cpuTxt);
    if (!cpu || !Number.isFinite(ups) || !Number.isFinite(dur)) return undefined;
    const updates = ups * dur;
    const cpuSec = Number(cpu[1]) + Number(cpu[2]);
    return { version, ups: updates / Math.max(cpuSec, 1e-3), vehicleUpdates: updates };
  } catch {
    return undefined;
  }
}
