import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { TsgymError } from '../../../src/core/errors.js';

/**
 * SUMO is missing, cannot be started, or stopped with an error (the message quotes SUMO's).
 *
 * @example
 * ```ts
 * try { requireSumo(); } catch (e) { if (e instanceof SumoError) console.error(e.message); }
 * ```
 */
export class SumoError extends TsgymError {}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The SUMO binary to run: `explicit` (e.g. `--sumo PATH`) when given, else `$SUMO_BINARY`, else `sumo`
 * on the `PATH`, else `/usr/bin/sumo`; undefined when none is found. An explicit path that is not an
 * executable file is an error naming it.
 *
 * @example
 * ```ts
 * const bin = findSumo(); // '/usr/bin/sumo' on Debian with the sumo package
 * ```
 */
export function findSumo(explicit?: string): string | undefined {
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new SumoError(`--sumo '${explicit}': no such file (expected the path of the sumo binary)`);
    if (!executable(explicit)) throw new SumoError(`--sumo '${explicit}': not an executable file (expected the path of the sumo binary)`);
    return explicit;
  }
  const env = process.env.SUMO_BINARY;
  if (env && executable(env)) return env;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'sumo'))) return join(dir, 'sumo');
  }
  return executable('/usr/bin/sumo') ? '/usr/bin/sumo' : undefined;
}

/**
 * {@link findSumo}, or a {@link SumoError} saying how to install SUMO.
 *
 * @example
 * ```ts
 * const bin = requireSumo(opts.sumo);
 * ```
 */
export function requireSumo(explicit?: string): string {
  const bin = findSumo(explicit);
  if (!bin) {
    throw new SumoError(
      'sumo was not found (looked at $SUMO_BINARY, the PATH and /usr/bin/sumo): install it (Debian/Ubuntu: apt-get install sumo sumo-tools) ' +
        'or pass --sumo PATH',
    );
  }
  return bin;
}

/** CPU seconds (user + system) of this process's waited-for children, from /proc/self/stat; undefined off Linux. */
function childCpuSeconds(): number | undefined {
  try {
    const s = readFileSync('/proc/self/stat', 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // fields 16 and 17 of proc(5) (cutime, cstime), in clock ticks (USER_HZ = 100 on Linux)
    const ticks = Number(f[13]) + Number(f[14]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One finished SUMO process: its stdout, and its wall-clock and CPU seconds (CPU undefined where the
 * platform does not say).
 *
 * @example
 * ```ts
 * const { stdout, cpuSeconds } = runSumoProcess('/usr/bin/sumo', ['-c', 'x.sumocfg'], 'x.sumocfg');
 * ```
 */
export interface SumoProcessResult {
  readonly stdout: string;
  readonly wallSeconds: number;
  readonly cpuSeconds?: number;
}

/**
 * SUMO's error message from its output: the `Error:` lines with their indented continuation lines (at
 * most three errors, joined on one line), else the last line it printed.
 *
 * @example
 * ```ts
 * sumoErrorText("Error: The edge 'x' is not known.\n The route can not be build.\nQuitting (on error).");
 * // "Error: The edge 'x' is not known. The route can not be build."
 * ```
 */
export function sumoErrorText(output: string): string {
  const errors: string[] = [];
  let inError = false;
  for (const line of output.split('\n')) {
    if (/^(Error|Fatal)\b/i.test(line)) {
      errors.push(line.trim());
      inError = true;
    } else if (inError && /^\s+\S/.test(line)) {
      errors[errors.length - 1] += ` ${line.trim()}`;
    } else {
      inError = false;
    }
  }
  if (errors.length) return errors.slice(0, 3).join(' ');
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines[lines.length - 1] ?? 'no message';
}

/**
 * Runs SUMO to completion (synchronously) with `SUMO_HOME` set when it is not. A failure throws a
 * {@link SumoError} quoting SUMO's own error lines (`Error: ...`), or its last output line.
 *
 * @example
 * ```ts
 * runSumoProcess(requireSumo(), ['-c', 'cross.sumocfg', '--duration-log.statistics'], 'cross.sumocfg').stdout;
 * ```
 */
export function runSumoProcess(bin: string, args: readonly string[], what: string): SumoProcessResult {
  const env = { ...process.env };
  if (!env.SUMO_HOME && existsSync('/usr/share/sumo')) env.SUMO_HOME = '/usr/share/sumo';
  const c0 = childCpuSeconds();
  const t0 = performance.now();
  const r = spawnSync(bin, args, { encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  const wallSeconds = (performance.now() - t0) / 1000;
  const c1 = childCpuSeconds();
  if (r.error) throw new SumoError(`cannot run ${bin} on ${what}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new SumoError(
      `sumo failed on ${what} (${r.status === null ? `signal ${String(r.signal)}` : `exit ${r.status}`}): ${sumoErrorText(`${r.stderr}\n${r.stdout}`)}`,
    );
  }
  const cpu = c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined;
  return { stdout: r.stdout, wallSeconds, ...(cpu !== undefined && cpu > 0 ? { cpuSeconds: cpu } : {}) };
}
