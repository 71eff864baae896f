import { TrafficEngine } from '../engine/TrafficEngine.js';
import type { ImportedNetwork } from '../import/ImportedNetwork.js';
import type { RunMetrics } from './runMetrics.js';

/**
 * The tsgym engine for an imported scenario, set as SUMO would run it: Krauss for vehicle types that
 * name no model (SUMO's default), the scenario's begin time and time-to-teleport, and its step length
 * (the configuration's unless given).
 *
 * @example
 * ```ts
 * const engine = scenarioEngine(loadNetworkFile('cross.sumocfg'), 1);
 * ```
 */
export function scenarioEngine(imported: ImportedNetwork, stepLength = imported.stepLength ?? 1): TrafficEngine {
  return new TrafficEngine(imported.spec, {
    model: 'krauss',
    step: stepLength,
    begin: imported.begin,
    ...(imported.timeToTeleport !== undefined ? { timeToTeleport: imported.timeToTeleport } : {}),
  });
}

/**
 * Runs the engine from `reset(seed)` (the clock at the scenario's begin) to `end` and reads the same
 * figures as SUMO's outputs give (see {@link RunMetrics}); the speed is vehicle-updates per CPU second of
 * the stepping alone (process.cpuUsage: the import and the engine's construction are not counted).
 *
 * @example
 * ```ts
 * const r = runEngineScenario(scenarioEngine(imported), { seed: 1, end: imported.end ?? 3600 });
 * r.meanTravelTime;
 * ```
 */
export function runEngineScenario(engine: TrafficEngine, o: { seed: number; end: number }): RunMetrics {
  engine.reset(o.seed);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const stop = o.end - 1e-9;
  while (engine.time < stop) engine.step();
  const cpu = process.cpuUsage(c0);
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const m = engine.metrics();
  const g = (k: string): number => m[k] ?? 0;
  const vehicleUpdates = engine.counters.vehicleUpdates;
  return {
    seed: o.seed,
    inserted: g('inserted'),
    arrived: g('arrived'),
    running: g('running'),
    waiting: g('pending'),
    teleports: g('teleports'),
    collisions: 0,
    meanTravelTime: g('meanTravelTime'),
    meanTimeLoss: g('meanTimeLoss'),
    meanWaitingTime: g('meanWaitingTime'),
    meanDepartDelay: g('meanDepartDelay'),
    rescoDelay: g('rescoDelay'),
    vehicleUpdates,
    updatesPerCpuSecond: cpuSeconds > 0 ? vehicleUpdates / cpuSeconds : 0,
    cpuSeconds,
    wallSeconds,
  };
}
