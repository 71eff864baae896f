import type { Env } from '../../../src/core/Env.js';
import type { ParallelEnv } from '../../../src/core/ParallelEnv.js';
import { FixedTimeRule } from '../baselines/FixedTimeRule.js';
import { trafficAgentsOf } from '../baselines/TrafficRulePolicy.js';
import type { SignalSpec } from '../network/NetworkSpec.js';
import type { SignalPlan } from './sumoTlLogic.js';

/**
 * The Webster fixed-time plan of every signal an env controls (the plans the `fixed-time` policy runs),
 * with the network's signal specs to export them.
 *
 * @example
 * ```ts
 * const { plans } = fixedTimePlans(makeParallel('TrafficNetworkParallel-v0', { network: 'cross.sumocfg' }), 5);
 * plans[0].greens; // s per phase
 * ```
 */
export function fixedTimePlans(
  env: Env<any, any> | ParallelEnv<string, any, any>,
  deltaTime: number,
  saturationFlow?: number,
): { plans: SignalPlan[]; signals: readonly SignalSpec[] } {
  const agents = [...trafficAgentsOf(env).values()];
  const signals = agents[0]?.engine.net.spec.signals ?? [];
  const plans = agents.map((a) => {
    const rule = new FixedTimeRule(a, { deltaTime, ...(saturationFlow !== undefined ? { saturationFlow } : {}) });
    return { node: a.id, cycle: rule.plan.cycle, greens: Array.from(rule.plan.greens), offset: 0 };
  });
  return { plans, signals };
}
