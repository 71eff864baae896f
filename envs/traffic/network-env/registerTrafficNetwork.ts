import { register, registry } from '../../../src/registry/registry.js';
import { registerPolicy } from '../../../src/policy/policyRegistry.js';
// the traffic baselines (fixed-time, max-pressure...) drive these ids too: a worker importing this module needs them
import '../registerTraffic.js';
import { ProgramPolicy } from './ProgramPolicy.js';
import { TrafficNetworkEnv } from './TrafficNetworkEnv.js';
import { TrafficNetworkParallelEnv } from './TrafficNetworkParallelEnv.js';
import { TRAFFIC_METRICS } from '../trafficMetrics.js';

/**
 * The ids of the imported-network envs.
 *
 * @example
 * ```ts
 * TRAFFIC_NETWORK_IDS.includes('TrafficNetwork-v0'); // true
 * ```
 */
export const TRAFFIC_NETWORK_IDS = ['TrafficNetwork-v0', 'TrafficNetworkParallel-v0'] as const;

/**
 * Registers `TrafficNetwork-v0` (one agent, one signal of an imported network), its multi-agent form
 * `TrafficNetworkParallel-v0` (one agent per signal) and the `program` policy (the imported signal
 * programs as they are). The traffic baselines (`fixed-time`, `max-pressure`, ...) apply as to every
 * `Traffic*` env. Idempotent.
 *
 * @example
 * ```ts
 * registerTrafficNetwork();
 * const env = make('TrafficNetwork-v0', { network: 'cross.sumocfg' });
 * ```
 */
export function registerTrafficNetwork(): void {
  if (!registry.has('TrafficNetwork-v0')) {
    register({
      id: 'TrafficNetwork-v0',
      entryPoint: (kw: Record<string, unknown>) => new TrafficNetworkEnv(kw),
      module: import.meta.url,
      description: 'One signal of an imported SUMO/CityFlow network (kwarg network=PATH; default: the built-in intersection); the others run their programs',
      metrics: TRAFFIC_METRICS,
    });
  }
  if (!registry.has('TrafficNetworkParallel-v0')) {
    register({
      id: 'TrafficNetworkParallel-v0',
      entryPoint: (kw: Record<string, unknown>) => new TrafficNetworkParallelEnv(kw),
      module: import.meta.url,
      parallel: true,
      description: 'Every signal of an imported SUMO/CityFlow network (kwarg network=PATH; default: the built-in 4x4 grid), one agent each',
      metrics: TRAFFIC_METRICS,
    });
  }
  registerPolicy({
    name: 'program',
    description: 'The imported signal programs as they are (SUMO tlLogic, CityFlow light phases)',
    appliesTo: isNetworkEnv,
    create: (env) => new ProgramPolicy(env),
  });
}

function isNetworkEnv(id: string): boolean {
  return (TRAFFIC_NETWORK_IDS as readonly string[]).includes(id);
}

registerTrafficNetwork();
