import { FactoryLineEnv } from '../../envs/factory/FactoryLineEnv.js';
import { JobShopEnv } from '../../envs/factory/jobshop/JobShopEnv.js';
import type { TrafficSimulation } from '../../envs/traffic/env/TrafficSimulation.js';
import { factoryLineAdapter } from './factoryLine.js';
import { jobShopAdapter } from './jobShop.js';
import type { SceneAdapter } from './SceneAdapter.js';
import { trafficAdapter } from './traffic.js';

/**
 * The scene adapter for an (unwrapped) env, or null when tsgym has none for it.
 *
 * @example
 * ```ts
 * const adapter = adapterFor(make('JobShop-v0').unwrapped);
 * ```
 */
export function adapterFor(env: unknown): SceneAdapter | null {
  if (env instanceof FactoryLineEnv) return factoryLineAdapter(env);
  if (env instanceof JobShopEnv) return jobShopAdapter(env);
  // TrafficSignal-v0, TrafficGrid-v0 and the TrafficNetwork envs expose their simulation (tsgym's engine or SUMO).
  const engine = env !== null && typeof env === 'object' ? (env as { engine?: unknown }).engine : undefined;
  if (isTrafficSimulation(engine)) return trafficAdapter(engine);
  return null;
}

function isTrafficSimulation(x: unknown): x is TrafficSimulation {
  const s = x as Partial<TrafficSimulation> | null | undefined;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.vehicleView === 'function' &&
    typeof s.vehicleWaitingTimes === 'function' &&
    s.net !== undefined &&
    s.connState instanceof Uint8Array
  );
}
