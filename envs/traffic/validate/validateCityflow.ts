#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { makePolicy } from '../../../src/policy/policyRegistry.js';
import '../registerTraffic.js';
import '../network-env/registerTrafficNetwork.js';
import { formatWarnings } from '../import/ImportLog.js';
import { TrafficNetworkParallelEnv } from '../network-env/TrafficNetworkParallelEnv.js';

/**
 * Result of one controller on one dataset.
 *
 * @example
 * ```ts
 * const [run]: CityflowRun[] = runCityflowDataset(dir, { policies: ['program'] });
 * ```
 */
export interface CityflowRun {
  readonly policy: string;
  /** Vehicles the flow file inserts (flows without endTime count 0). */
  readonly expected: number;
  /** At one hour (3600 s): arrived (throughput), mean travel time of those, still running, not yet inserted. */
  readonly hour: { arrived: number; meanTravelTime: number; running: number; pending: number; inserted: number };
  /** When the network emptied (or the cap), with the same counts. */
  readonly end: { time: number; arrived: number; meanTravelTime: number; running: number; pending: number; inserted: number };
  /** Every vehicle accounted for: inserted + pending = expected (unless flows are endless) and arrived + running = inserted. */
  readonly accounted: boolean;
  readonly wallSeconds: number;
  readonly vehicleUpdatesPerSec: number;
}

const POLICIES = ['program', 'fixed-time', 'max-pressure'] as const;

/**
 * Runs a CityFlow dataset folder (roadnet.json + flow.json, or a config.json) under each controller
 * (`program` = the dataset's own light phases with their 5 s clearance, `fixed-time` = Webster,
 * `max-pressure`) for one hour and then on until every vehicle has arrived (at most `drain` more
 * seconds), with the Krauss model (sigma 0, tau = headwayTime, as imported).
 *
 * @example
 * ```ts
 * const runs = runCityflowDataset('../shared/data/cityflow/hangzhou_4x4', { policies: ['max-pressure'] });
 * ```
 */
export function runCityflowDataset(
  path: string,
  opts: { policies?: readonly string[]; hour?: number; drain?: number; seed?: number; model?: 'krauss' | 'idm' } = {},
): CityflowRun[] {
  const hour = opts.hour ?? 3600;
  const drain = opts.drain ?? 3600;
  return (opts.policies ?? POLICIES).map((name) => {
    const env = new TrafficNetworkParallelEnv({ network: path, numSeconds: hour + drain, model: opts.model ?? 'krauss', deltaTime: 5 });
    const policy = makePolicy(name, 'TrafficNetworkParallel-v0', env);
    const expected = env.imported?.expectedVehicles ?? 0;
    // flows without an end (older CityFlow files) never empty the network: stop after the hour
    const endless = env.network.demand.flows.some((f) => f.insertion !== 'scheduled' && f.end === undefined);
    let [obs, infos] = env.reset({ seed: opts.seed ?? 0 });
    policy.reset?.(opts.seed ?? 0);
    const e = env.engine;
    let atHour: CityflowRun['hour'] | undefined;
    let updates = 0;
    const t0 = performance.now();
    const snap = () => {
      const m = e.metrics();
      return { arrived: m.arrived ?? 0, meanTravelTime: m.meanTravelTime ?? 0, running: m.running ?? 0, pending: m.pending ?? 0, inserted: m.inserted ?? 0 };
    };
    for (;;) {
      const first = Object.values(infos)[0];
      const [o, , , truncs, inf] = env.step(policy.act(obs, first ?? {}) as Record<string, number>);
      obs = o;
      infos = inf;
      updates += (e.counters.inserted - e.counters.arrived) * 5;
      if (!atHour && e.time >= hour - 1e-9) atHour = snap();
      if (atHour && (endless || (e.counters.arrived >= expected && snap().pending === 0))) break;
      if (Object.values(truncs).some((x) => x)) break;
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    const end = { time: e.time, ...snap() };
    env.close();
    const accounted = (endless || end.inserted + end.pending === expected) && end.arrived + end.running === end.inserted;
    return { policy: name, expected, hour: atHour ?? snap(), end, accounted, wallSeconds, vehicleUpdatesPerSec: updates / wallSeconds };
  });
}

function main(argv: string[]): void {
  const json = argv.includes('--json');
  const dirs = argv.filter((a) => !a.startsWith('--'));
  if (dirs.length === 0) {
    console.error('usage: npm run validate:cityflow -- DIR [DIR...] [--json]   (DIR: roadnet.json + flow.json, or a config.json)');
    process.exit(2);
  }
  const out: Record<string, CityflowRun[]> = {};
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new Error(`${dir}: no such file or folder`);
    const probe = new TrafficNetworkParallelEnv({ network: dir });
    if (!json) for (const w of formatWarnings(probe.imported?.warnings ?? [])) console.error(`warning: ${w}`);
    probe.close();
    const runs = runCityflowDataset(dir);
    out[dir] = runs;
    if (json) continue;
    console.log(`${dir}`);
    for (const r of runs) {
      const of = r.expected > 0 ? ` of ${r.expected}` : ' (endless flows)';
      console.log(
        `  ${r.policy.padEnd(12)} 1 h: throughput ${r.hour.arrived}${of}, mean travel time ${r.hour.meanTravelTime.toFixed(1)} s, ` +
          `running ${r.hour.running}, not yet inserted ${r.hour.pending}`,
      );
      console.log(
        `  ${''.padEnd(12)} end t=${r.end.time} s: arrived ${r.end.arrived}, mean travel time ${r.end.meanTravelTime.toFixed(1)} s, ` +
          `running ${r.end.running}, pending ${r.end.pending}; every vehicle accounted for: ${r.accounted ? 'yes' : 'NO'} ` +
          `(${r.wallSeconds.toFixed(1)} s wall, ${(r.vehicleUpdatesPerSec / 1e6).toFixed(2)} M vehicle-updates/s)`,
      );
    }
  }
  if (json) console.log(JSON.stringify(out, null, 2));
  if (Object.values(out).some((runs) => runs.some((r) => !r.accounted))) process.exit(1);
}

if (process.argv[1] && /validateCityflow\.js$/.test(process.argv[1])) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`validate:cityflow: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
