import type { Env } from '../core/Env.js';
import { isParallelEnv, type ParallelEnv } from '../core/ParallelEnv.js';
import type { Info } from '../core/types.js';
import { Rng } from '../rng/Rng.js';
import type { Policy } from './Policy.js';
import { registerPolicy, type PolicyEntry } from './policyRegistry.js';

/** A stream for episode seed `seed`, decorrelated from the env's own `Rng(seed)`. */
function streamFor(seed: number | undefined): Rng {
  return seed === undefined ? new Rng() : (new Rng(seed).spawn(1)[0] ?? new Rng(seed));
}

/**
 * The uniform-random baseline: samples the env's action space (for a ParallelEnv, one action per live
 * agent) from its own `Rng`, reseeded by `reset(seed)` so an evaluation with given seeds is reproducible.
 * The stream is derived from the seed (not equal to the env's `Rng(seed)`), so actions are independent
 * of the initial state drawn with the same seed.
 *
 * @example
 * ```ts
 * const env = make('CartPole-v1');
 * const policy = new RandomPolicy(env);
 * policy.reset(0);
 * let [obs, info] = env.reset({ seed: 0 });
 * const action = policy.act(obs, info);
 * ```
 */
export class RandomPolicy implements Policy<unknown, unknown> {
  readonly name = 'random';
  private rng: Rng;

  constructor(private readonly env: Env<any, any> | ParallelEnv<string, any, any>, seed?: number) {
    this.rng = streamFor(seed);
  }

  reset(seed: number | undefined): void {
    if (seed !== undefined) this.rng = streamFor(seed);
  }

  act(_obs: unknown, _info: Info): unknown {
    const env = this.env;
    if (isParallelEnv(env)) {
      const out: Record<string, unknown> = {};
      for (const agent of env.agents) out[agent] = env.actionSpace(agent).sample(this.rng);
      return out;
    }
    return (env as Env<unknown, unknown>).actionSpace.sample(this.rng);
  }
}

/**
 * The registry entry of {@link RandomPolicy}: named `random`, applies to every env. Registered when this
 * module loads (so `makePolicy('random', id, env)` works for any env).
 *
 * @example
 * ```ts
 * makePolicy('random', 'MountainCar-v0', make('MountainCar-v0'));
 * ```
 */
export const randomPolicyEntry: PolicyEntry = {
  name: 'random',
  description: 'Uniformly random actions from the action space (seeded per episode)',
  appliesTo: () => true,
  create: (env) => new RandomPolicy(env),
};

registerPolicy(randomPolicyEntry);
