import { InvalidConfig } from '../../../src/core/errors.js';
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
    ...(imported.timeToImpatience !== undefined ? { timeToImpatience: imported.timeToImpatience } : {}),
    ...(imported.maxDepartDelay !== undefined ? { maxDepartDelay: imported.maxDepartDelay } : {}),
  });
}

/**
 * The last time the scenario's demand can insert a vehicle: its last vehicle's departure or the end of
 * its last flow (Infinity when a flow has no end).
 *
 * @example
 * ```ts
 * lastDeparture(engine); // 3599
 * ```
 */
export function lastDeparture(engine: TrafficEngine): number {
  const d = engine.net.demand;
  let last = 0;
  for (let i = 0; i < d.nVehicles; i++) last = Math.max(last, d.vehDepart[i] ?? 0);
  for (let f = 0; f < d.nFlows; f++) last = Math.max(last, d.flowEnd[f] ?? Infinity);
  return last;
}

/** Whether every vehicle of the demand has been inserted and has left (nothing waits, drives or teleports). */
function emptied(engine: TrafficEngine, last: number): boolean {
  if (engine.time < last || engine.counters.inserted !== engine.counters.arrived + engine.counters.vaporized) return false;
  for (let r = 0; r < engine.net.nRoads; r++) if ((engine.qCount[r] ?? 0) > 0) return false;
  return true;
}

/**
 * Runs the engine from `reset(seed)` (the clock at the scenario's begin) to `end` and reads the same
 * figures as SUMO's outputs give (see {@link RunMetrics}); the speed is vehicle-updates per CPU second of
 * the stepping alone (process.cpuUsage: the import and the engine's construction are not counted).
 * Without `end` it runs, as SUMO does, until all vehicles have left (the demand must end).
 *
 * @example
 * ```ts
 * const r = runEngineScenario(scenarioEngine(imported), { seed: 1, end: imported.end ?? 3600 });
 * r.meanTravelTime;
 * ```
 */
export function runEngineScenario(engine: TrafficEngine, o: { seed: number; end?: number }): RunMetrics {
  engine.reset(o.seed);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  if (o.end !== undefined) {
    const stop = o.end - 1e-9;
    while (engine.time < stop) engine.step();
  } else {
    const last = lastDeparture(engine);
    if (!Number.isFinite(last)) throw new InvalidConfig('the scenario has a flow without an end: pass an end time');
    do engine.step();
    while (!emptied(engine, last));
  }
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
    // SUMO counts vehicles that teleport (or park: in `running`) as running
    running: g('running') + engine.tpCount,
    waiting: g('pending'),
    teleports: g('teleports'),
    collisions: g('collisions'),
    meanTravelTime: g('meanTravelTime'),
    meanTimeLoss: g('meanTimeLoss'),
    meanWaitingTime: g('meanWaitingTime'),
    meanDepartDelay: g('meanDepartDelay'),
    rescoDelay: g('rescoDelay'),
    vehicleUpdates,
    updatesPerCpuSecond: cpuSeconds > 0 ? vehicleUpdates / cpuSeconds : 0,
    cpuSeconds,
    wallSeconds,
    endTime: engine.time,
  };
}
