import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchFigure, BenchFn } from '../../../src/bench/types.js';
import { loadNetworkFile } from '../import/loadNetworkFile.js';
import { repoRoot } from './repoRoot.js';
import { runEngineScenario, scenarioEngine } from './runEngineScenario.js';
import { sumoSpeed } from './runSumoConfig.js';
import { findSumo } from './sumoProcess.js';

/**
 * The RESCO scenarios of `../shared/data/resco` (README there), in its order.
 *
 * @example
 * ```ts
 * RESCO_SCENARIOS.map((n) => `${n}/${n}.sumocfg`);
 * ```
 */
export const RESCO_SCENARIOS = ['cologne1', 'cologne8', 'ingolstadt1', 'ingolstadt7', 'grid4x4', 'arterial4x4'] as const;

/** Issue 15's speed targets: tsgym's engine at least this many times SUMO's UPS on every scenario, and in the median. */
const TARGET_MIN = 20;
const TARGET_MEDIAN = 40;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

const k = (x: number): string => `${Math.round(x / 1e3).toLocaleString('en-US')} k`;

/** One scenario: import time, the engine's steady rate after a warm-up hour, and SUMO's in the same run. */
function measure(name: string, config: string, runs: number, sumo: string | undefined): { figures: BenchFigure[]; ratio?: number } {
  const t0 = performance.now();
  const imported = loadNetworkFile(config);
  const importMs = performance.now() - t0;
  const step = imported.stepLength ?? 1;
  const end = imported.begin + 3600;
  const engine = scenarioEngine(imported, step);
  // the first hour in the process includes V8 compiling the engine: reported, not measured
  const cold = runEngineScenario(engine, { seed: 100, end }).updatesPerCpuSecond;
  const warm = Array.from({ length: runs }, (_, i) => runEngineScenario(engine, { seed: i + 1, end }));
  const rate = median(warm.map((r) => r.updatesPerCpuSecond));
  const s = sumo ? Array.from({ length: runs }, (_, i) => sumoSpeed(config, { sumo, seed: i + 1, end })) : [];
  const sumoCpu = median(s.map((x) => x.upsPerCpuSecond));
  const sumoWall = median(s.map((x) => x.ups));
  const scenario = `RESCO ${name} (../shared/data/resco, untouched), ${imported.begin}-${end} s, its own signal programs, Krauss, ${step} s steps, `
    + `engine only, per CPU second (process.cpuUsage), ${runs === 1 ? 'seed 1' : `median of seeds 1-${runs}`} after 1 warm-up hour `
    + `(JIT; it ran at ${k(cold)}/s); ${Math.round(median(warm.map((r) => r.vehicleUpdates))).toLocaleString('en-US')} vehicle-updates per hour`
    + (s.length
      ? `; SUMO ${s[0]?.version ?? ''} same run, ${runs === 1 ? 'seed 1' : `median of seeds 1-${runs}`}, no output files: `
        + `UPS ${k(sumoWall)} (its wall-clock figure), ${k(sumoCpu)} per CPU second`
      : '; sumo not found: no SUMO figure');
  const figures: BenchFigure[] = [
    {
      key: `${name}VehicleUpdatesPerSec`,
      value: rate,
      unit: 'vehicle-updates/s',
      scenario,
      ...(s.length ? { anchor: { name: `SUMO ${s[0]?.version ?? ''} own UPS per CPU second`, value: sumoCpu, measured: true } } : {}),
    },
    {
      key: `${name}ImportMs`,
      value: importMs,
      unit: 'ms',
      scenario:
        `RESCO ${name}: loadNetworkFile of the .sumocfg (read, parse and compile the net and routes), wall clock, once; ` +
        "not counted in the engine's rate",
    },
  ];
  return { figures, ...(s.length && sumoCpu > 0 ? { ratio: rate / sumoCpu } : {}) };
}

/**
 * The `resco` figures for the scenarios found in `dir` (a folder holding `NAME/NAME.sumocfg` for the
 * names of {@link RESCO_SCENARIOS}); an absent folder or scenario is skipped with a note on stderr.
 *
 * @example
 * ```ts
 * const figures = rescoBench('../shared/data/resco', { quick: true });
 * ```
 */
export function rescoBench(dir: string, { quick }: { quick: boolean }): BenchFigure[] {
  if (!existsSync(dir)) {
    process.stderr.write(`bench resco: ${dir} not found: section skipped (the RESCO scenarios are not part of the repository)\n`);
    return [];
  }
  const sumo = findSumo();
  if (!sumo) process.stderr.write('bench resco: sumo not found: engine figures only, no SUMO anchor and no ratios\n');
  const runs = quick ? 1 : 3;
  const out: BenchFigure[] = [];
  const ratios: [string, number][] = [];
  for (const name of RESCO_SCENARIOS) {
    const config = join(dir, name, `${name}.sumocfg`);
    if (!existsSync(config)) {
      process.stderr.write(`bench resco: ${config} not found: ${name} skipped\n`);
      continue;
    }
    const m = measure(name, config, runs, sumo);
    out.push(...m.figures);
    if (m.ratio !== undefined) ratios.push([name, m.ratio]);
  }
  if (ratios.length) {
    const list = ratios.map(([n, r]) => `${n} ${r.toFixed(2)}x`).join(', ');
    out.push({
      key: 'minSpeedup',
      value: Math.min(...ratios.map(([, r]) => r)),
      unit: 'x',
      scenario:
        `smallest ratio engine / SUMO (vehicle-updates per CPU second, same run) over ${ratios.length} RESCO scenarios: ${list}; ` +
        `target (issue 15) >= ${TARGET_MIN}x`,
    });
    out.push({
      key: 'medianSpeedup',
      value: median(ratios.map(([, r]) => r)),
      unit: 'x',
      scenario: `median ratio engine / SUMO over the same ${ratios.length} scenarios; target (issue 15) >= ${TARGET_MEDIAN}x`,
    });
  }
  return out;
}

/**
 * Section `resco` of `tsgym bench`: for each RESCO scenario in `../shared/data/resco` (skipped with a
 * note on stderr when the folder is absent), the engine's vehicle-updates per CPU second over one
 * simulated hour from the scenario's begin (`<name>VehicleUpdatesPerSec`), the import time apart
 * (`<name>ImportMs`), and SUMO's own UPS on the same files in the same run as the anchor; then the
 * smallest and the median ratio over the scenarios (`minSpeedup`, `medianSpeedup`; issue 15's targets:
 * 20x and 40x). SUMO's UPS is its wall-clock figure scaled by its process's CPU share, so both sides are
 * per CPU second on a shared machine.
 *
 * @example
 * ```ts
 * const figures = await bench({ quick: true });
 * ```
 */
export const bench: BenchFn = async (opts) => {
  await Promise.resolve();
  return rescoBench(join(repoRoot(), '..', 'shared', 'data', 'resco'), opts);
};
