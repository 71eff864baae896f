import type { Env } from '../../../src/core/Env.js';
import { InvalidConfig } from '../../../src/core/errors.js';
import { isParallelEnv, type ParallelEnv } from '../../../src/core/ParallelEnv.js';
import type { Info } from '../../../src/core/types.js';
import type { Policy } from '../../../src/policy/Policy.js';
import type { TrafficSignalAgent } from '../env/TrafficSignalAgent.js';

interface ProgramEnv {
  runPrograms(): void;
  agent?: TrafficSignalAgent;
  signalAgents?: ReadonlyMap<string, TrafficSignalAgent>;
}

/**
 * The `program` policy of the TrafficNetwork envs: runs the imported signal programs as they are
 * (SUMO `tlLogic` durations and offsets, CityFlow light phases), so an imported scenario can be
 * compared with SUMO or CityFlow under its own plan. It switches the env to its programs and keeps
 * answering each agent's current phase.
 *
 * @example
 * ```ts
 * const policy = makePolicy('program', 'TrafficNetwork-v0', env);
 * env.reset({ seed: 0 }); env.step(policy.act(obs, info));
 * ```
 */
export class ProgramPolicy implements Policy<unknown, number | Record<string, number>> {
  readonly name = 'program';
  private readonly env: ProgramEnv;
  private readonly parallel: boolean;

  constructor(env: Env<any, any> | ParallelEnv<string, any, any>) {
    const u = env.unwrapped as unknown as Partial<ProgramEnv>;
    if (typeof u.runPrograms !== 'function')
      throw new InvalidConfig(`policy 'program' needs a TrafficNetwork env (TrafficNetwork-v0 or TrafficNetworkParallel-v0), got ${String(env)}`);
    this.env = u as ProgramEnv;
    this.env.runPrograms();
    this.parallel = isParallelEnv(env);
  }

  act(_obs: unknown, _info: Info): number | Record<string, number> {
    if (!this.parallel) return this.env.agent?.phase ?? 0;
    const out: Record<string, number> = {};
    for (const [id, a] of this.env.signalAgents ?? []) out[id] = a.phase;
    return out;
  }
}
