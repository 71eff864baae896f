import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchFigure, BenchFn } from '../../../src/bench/types.js';
import { loadNetworkFile } from '../import/loadNetworkFile.js';
import { repoRoot } from './repoRoot.js';
import { runEngine } from './runEngine.js';
import { writeFixtureScenario } from './fixtureScenarios.js';
import { runEngineScenario, scenarioEngine } from './runEngineScenario.js';
import { sumoSpeed } from './runSumoConfig.js';
import { findSumo } from './sumoProcess.js';

/** CityFlow's figures from ANCHORS.md (one thread, this machine kind). */
const CITYFLOW: Record<string, number> = { jinan_3x4: 2.15e6, hangzhou_4x4: 1.75e6 };

/** Unmeasured one-hour runs before the measured ones (V8 compiles and re-optimises the engine meanwhile). */
const WARMUP_HOURS = 2;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/**
 * Speed on imported networks: the engine alone (Krauss, 1 s steps, the imported signal programs) on one
 * hour of the Jinan 3x4 and Hangzhou 4x4 CityFlow datasets (when `../shared/data/cityflow` exists), in
 * vehicle-updates per second next to CityFlow's anchor, after two unmeasured warm-up hours (as the
 * `traffic` section warms up: JIT compilation is a start-up cost, not a per-update one); and the SUMO 4x4 grid fixture at 4,800 veh/h
 * against SUMO itself in the same run (when `sumo` is installed). Rates are per CPU second (user +
 * system), which stays close to the idle-machine wall-clock rate when the shared machine is loaded.
 *
 * @example
 * ```ts
 * const figures = await bench({ quick: true });
 * ```
 */
export const bench: BenchFn = async ({ quick }) => {
  const out: BenchFigure[] = [];
  const runs = quick ? 1 : 3;
  const shared = join(repoRoot(), '..', 'shared', 'data', 'cityflow');
  for (const name of ['jinan_3x4', 'hangzhou_4x4']) {
    const dir = join(shared, name);
    if (!existsSync(dir)) continue;
    const { spec } = loadNetworkFile(dir);
    const rate = (seed: number): number => {
      const r = runEngine(spec, { model: 'krauss', end: 3600, seed });
      return (r.vehicleUpdates ?? 0) / (r.cpuSeconds ?? r.wallSeconds);
    };
    // the first hours include V8's compilation of the engine (optimising-compiler threads count in the
    // process CPU time); they are reported, the figure is the steady state that follows
    const cold = Array.from({ length: WARMUP_HOURS }, (_, i) => rate(100 + i));
    const rates = Array.from({ length: runs }, (_, i) => rate(i));
    const key = name.startsWith('jinan') ? 'jinanVehicleUpdatesPerSec' : 'hangzhouVehicleUpdatesPerSec';
    const warm = cold.map((x) => `${(x / 1e6).toFixed(1)} M`).join(', ');
    out.push({
      key,
      value: median(rates),
      unit: 'vehicle-updates/s',
      scenario:
        `CityFlow ${name} imported, 1 h, imported programs (30 s phases + 5 s clearance), Krauss, 1 s steps, engine only, per CPU second, ` +
        `median of ${runs} after ${WARMUP_HOURS} warm-up hours (JIT; they ran at ${warm}/s)`,
      anchor: { name: 'CityFlow 1 thread (ANCHORS.md)', value: CITYFLOW[name] ?? 0, measured: false },
    });
    await Promise.resolve();
  }
  const sumo = findSumo();
  if (sumo) {
    const tmp = mkdtempSync(join(tmpdir(), 'tsgym-bench-'));
    try {
      const { config } = writeFixtureScenario(tmp, 'grid4', 'high', 3600);
      const s = sumoSpeed(config, { sumo, seed: 1 });
      const engine = scenarioEngine(loadNetworkFile(config));
      runEngineScenario(engine, { seed: 100, end: 3600 }); // warm-up (JIT), as above
      const t = median(Array.from({ length: runs }, (_, i) => runEngineScenario(engine, { seed: i + 1, end: 3600 }).updatesPerCpuSecond));
      out.push({
        key: 'sumoGrid4VehicleUpdatesPerSec',
        value: t,
        unit: 'vehicle-updates/s',
        scenario:
          'SUMO 4x4 grid fixture (2 lanes) imported, 4,800 veh/h, 1 h, fixed-time tlLogic, Krauss, engine only, per CPU second, ' +
          `median of ${runs} after 1 warm-up hour`,
        anchor: { name: 'SUMO 1.15 same run: its own UPS per CPU second (no output files)', value: s.upsPerCpuSecond, measured: true },
      });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return out;
};

if (process.argv[1] && /benchImported\.js$/.test(process.argv[1])) {
  void bench({ quick: process.argv.includes('--quick') }).then((figs) => {
    for (const f of figs) {
      console.log(
        `${f.key}: ${(f.value / 1e6).toFixed(2)} M ${f.unit} (${f.scenario}); ` +
          `${f.anchor ? `${f.anchor.name}: ${(f.anchor.value / 1e6).toFixed(2)} M, ratio ${(f.value / f.anchor.value).toFixed(2)}` : ''}`,
      );
    }
  });
}
