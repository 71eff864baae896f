import type { Info } from '../core/types.js';
import type { Policy } from './Policy.js';

/**
 * Parameter sharing at evaluation time: one single-agent policy (e.g. the `MlpPolicy` of a run trained
 * on a ParallelEnv, whose network saw one agent's observation) acts for every live agent of a
 * ParallelEnv, each on its own observation and info. What `tsgym eval`/`compare` run for a run
 * directory on a multi-agent env such as `TrafficGrid-v0`.
 *
 * @example
 * ```ts
 * const shared = new SharedPolicy(new MlpPolicy(network));
 * const actions = shared.act({ J0_0: obsA, J0_1: obsB }, { J0_0: {}, J0_1: {} }); // { J0_0: 1, J0_1: 0 }
 * ```
 */
export class SharedPolicy<Obs, Act> implements Policy<Record<string, Obs>, Record<string, Act>> {
  readonly name: string;

  constructor(readonly inner: Policy<Obs, Act>) {
    this.name = `shared-${inner.name}`;
  }

  act(obs: Record<string, Obs>, infos: Info): Record<string, Act> {
    const out: Record<string, Act> = {};
    const byAgent = infos as Record<string, Info | undefined>;
    for (const agent of Object.keys(obs)) out[agent] = this.inner.act(obs[agent], byAgent[agent] ?? {});
    return out;
  }

  reset(seed: number | undefined): void {
    this.inner.reset?.(seed);
  }
}
