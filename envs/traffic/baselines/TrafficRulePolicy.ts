import type { Env } from '../../../src/core/Env.js';
import { InvalidConfig } from '../../../src/core/errors.js';
import { isParallelEnv, type ParallelEnv } from '../../../src/core/ParallelEnv.js';
import type { Info } from '../../../src/core/types.js';
import type { Policy } from '../../../src/policy/Policy.js';
import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';
import type { SignalRule } from './SignalRule.js';

/** The signal agents of a traffic env (single: one; grid/network: one per signal), by name. */
export function trafficAgentsOf(env: Env<any, any> | ParallelEnv<string, any, any>): Map<string, TrafficSignalAgent> {
  const u = env.unwrapped as unknown as { agent?: TrafficSignalAgent; signalAgents?: ReadonlyMap<string, TrafficSignalAgent> };
  if (u.signalAgents) return new Map(u.signalAgents);
  if (u.agent) return new Map([[u.agent.id, u.agent]]);
  throw new InvalidConfig(`${String(env)} is not a traffic signal env (expected TrafficSignal-v0 or TrafficGrid-v0)`);
}

/**
 * Runs one `SignalRule` per intersection behind the `Policy` interface: for `TrafficSignal-v0` it returns
 * the phase, for `TrafficGrid-v0` a record of phases by agent.
 *
 * @example
 * ```ts
 * const policy = new TrafficRulePolicy('max-pressure', env, () => new MaxPressureRule());
 * const action = policy.act(obs, info);
 * ```
 */
export class TrafficRulePolicy implements Policy<unknown, number | Record<string, number>> {
  private readonly rules: Map<string, SignalRule>;
  private readonly agents: Map<string, TrafficSignalAgent>;
  private readonly parallel: boolean;
  /** Maps a rule's native phase to the env's action (TrafficSignal-v0's canonical layout reorders phases). */
  private readonly toAction: (p: number) => number;

  constructor(readonly name: string, env: Env<any, any> | ParallelEnv<string, any, any>, makeRule: (agent: TrafficSignalAgent) => SignalRule) {
    this.agents = trafficAgentsOf(env);
    this.parallel = isParallelEnv(env);
    const u = env.unwrapped as unknown as { actionOfPhase?: (p: number) => number };
    this.toAction = u.actionOfPhase ? (p) => u.actionOfPhase?.(p) ?? p : (p) => p;
    this.rules = new Map([...this.agents].map(([id, a]) => [id, makeRule(a)]));
  }

  reset(): void {
    for (const r of this.rules.values()) r.reset?.();
  }

  act(_obs: unknown, _info: Info): number | Record<string, number> {
    if (!this.parallel) {
      const [[id, agent]] = [...this.agents];
      return this.toAction(this.rules.get(id)?.decide(agent) ?? 0);
    }
    const out: Record<string, number> = {};
    for (const [id, agent] of this.agents) out[id] = this.rules.get(id)?.decide(agent) ?? agent.phase;
    return out;
  }
}
