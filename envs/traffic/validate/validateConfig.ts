import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidConfig, InvalidFile } from '../../../src/core/errors.js';
import { formatWarnings } from '../import/ImportLog.js';
import { loadNetworkFile } from '../import/loadNetworkFile.js';
import { isSumoConfigName } from '../import/parseSumoConfig.js';
import { compareRuns, type ComparedRow } from './compareRuns.js';
import { lastDeparture, runEngineScenario, scenarioEngine } from './runEngineScenario.js';
import type { RunMetrics } from './runMetrics.js';
import { runSumoConfig } from './runSumoConfig.js';
import { requireSumo } from './sumoProcess.js';

/**
 * Options of {@link validateConfig}: the number of seeds (1..N, default 3), an end time overriding the
 * configuration's, the SUMO binary, and a progress callback (called after each run).
 *
 * @example
 * ```ts
 * const o: ValidationOptions = { seeds: 5, end: 1800 };
 * ```
 */
export interface ValidationOptions {
  readonly seeds?: number;
  readonly end?: number;
  readonly sumo?: string;
  readonly onProgress?: (done: number, total: number, what: string) => void;
}

/**
 * The result of a side-by-side validation: what ran (configuration, seeds, time window, SUMO binary and
 * version, tsgym's import time and warnings), one compared row per figure, the verdict, and every run.
 *
 * @example
 * ```ts
 * const rep: ValidationReport = validateConfig('cross.sumocfg', { seeds: 2 });
 * if (!rep.pass) process.exitCode = 1;
 * ```
 */
export interface ValidationReport {
  readonly config: string;
  readonly seeds: number[];
  readonly begin: number;
  /** The end time, or undefined: both ran until all vehicles had left (see `ends`). */
  readonly end?: number;
  /** Without an end: when each run ended (s), SUMO's then tsgym's, by seed. */
  readonly ends?: { readonly sumo: number[]; readonly tsgym: number[] };
  readonly stepLength: number;
  readonly sumo: { readonly binary: string; readonly version?: string };
  /** Seconds tsgym took to read and import the scenario (not counted in its speed). */
  readonly importSeconds: number;
  /** What tsgym's importer did not carry over (one line each). */
  readonly warnings: string[];
  readonly rows: ComparedRow[];
  readonly pass: boolean;
  readonly runs: { readonly sumo: RunMetrics[]; readonly tsgym: RunMetrics[] };
}

function checkInputs(config: string, opts: ValidationOptions): void {
  let isFile = false;
  try {
    isFile = statSync(config).isFile();
  } catch {
    throw new InvalidFile(`${config}: no such file (expected a SUMO configuration, NAME.sumocfg)`);
  }
  if (!isFile || !isSumoConfigName(config)) throw new InvalidFile(`${config}: not a SUMO configuration file (expected NAME.sumocfg or NAME.sumo.cfg)`);
  const seeds = opts.seeds ?? 3;
  if (!Number.isSafeInteger(seeds) || seeds < 1) throw new InvalidConfig(`seeds: expected an integer >= 1, got ${String(opts.seeds)}`);
  if (opts.end !== undefined && !Number.isFinite(opts.end)) throw new InvalidConfig(`end: expected a number of seconds, got ${String(opts.end)}`);
}

/**
 * Runs SUMO and tsgym's engine on the same untouched `.sumocfg` with the same seeds (SUMO `--seed s`,
 * tsgym `reset(s)`, s = 1..N), reduces both to the same figures and compares them (see
 * {@link compareRuns}). The runs alternate between the simulators seed by seed; SUMO's output files go
 * to a temporary folder that is removed afterwards. Throws when SUMO is not found, when the files do not
 * import, when the time window is empty, or when SUMO fails (quoting SUMO's message).
 *
 * @example
 * ```ts
 * const rep = validateConfig('test/fixtures/sumo/cross/cross.sumocfg', { seeds: 2, end: 600 });
 * rep.rows.find((r) => r.key === 'arrived')?.relativeDiff;
 * ```
 */
export function validateConfig(config: string, opts: ValidationOptions = {}): ValidationReport {
  checkInputs(config, opts);
  const sumo = requireSumo(opts.sumo);
  const t0 = performance.now();
  const imported = loadNetworkFile(config);
  const stepLength = imported.stepLength ?? 1;
  const importSeconds = (performance.now() - t0) / 1000;
  const end = opts.end ?? imported.end;
  if (end !== undefined && end <= imported.begin) throw new InvalidConfig(`end ${end} s: expected a time after the configuration's begin ${imported.begin} s`);
  const seeds = Array.from({ length: opts.seeds ?? 3 }, (_, i) => i + 1);
  const engine = scenarioEngine(imported, stepLength);
  // no end: both run until all vehicles have left, as SUMO does (a demand without an end never empties)
  if (end === undefined && !Number.isFinite(lastDeparture(engine))) {
    throw new InvalidConfig(`${config}: names no <time><end> and has a flow without an end: pass an end time (--end SECONDS)`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'tsgym-validate-'));
  const sumoRuns: RunMetrics[] = [];
  const tsgymRuns: RunMetrics[] = [];
  let version: string | undefined;
  try {
    for (const seed of seeds) {
      const s = runSumoConfig(config, { sumo, seed, outDir: tmp, end, stepLength });
      version ??= s.version;
      const { version: _v, ...run } = s;
      sumoRuns.push(run);
      opts.onProgress?.(sumoRuns.length + tsgymRuns.length, 2 * seeds.length, `SUMO seed ${seed}`);
      tsgymRuns.push(runEngineScenario(engine, { seed, end }));
      opts.onProgress?.(sumoRuns.length + tsgymRuns.length, 2 * seeds.length, `tsgym seed ${seed}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const { rows, pass } = compareRuns(sumoRuns, tsgymRuns);
  return {
    config,
    seeds,
    begin: imported.begin,
    ...(end !== undefined ? { end } : { ends: { sumo: sumoRuns.map((r) => r.endTime), tsgym: tsgymRuns.map((r) => r.endTime) } }),
    stepLength,
    sumo: { binary: sumo, ...(version !== undefined ? { version } : {}) },
    importSeconds, warnings: formatWarnings(imported.warnings), rows, pass,
    runs: { sumo: sumoRuns, tsgym: tsgymRuns },
  };
}
