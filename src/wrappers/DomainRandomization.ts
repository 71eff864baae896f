import type { Env } from '../core/Env.js';
import { InvalidConfig } from '../core/errors.js';
import type { ResetOptions, ResetResult } from '../core/types.js';
import { Randomizer } from './Randomizer.js';
import { Wrapper } from './Wrapper.js';

/** Options of `DomainRandomization`: how to build the inner env for each episode's kwargs. */
export interface DomainRandomizationOptions {
  /** Builds the env from kwargs (base kwargs with the drawn values written in), e.g. `(kw) => make(id, kw)`. */
  readonly factory: (kwargs: Record<string, unknown>) => Env<any, any>;
  /** Base kwargs the drawn values are written into (deep-copied per episode). */
  readonly kwargs?: Record<string, unknown>;
}

/**
 * Domain randomization: each episode, draws scenario parameters from the distributions of a
 * zod-validated config (seeded from the reset seed), writes them into the env kwargs (dotted paths,
 * `set` or `scale`), rebuilds the inner env with them through the factory and resets it. The drawn values
 * are in `info.randomization` after reset (and `drawn`).
 * Reproducible: a seeded reset fixes the draws and the inner env's stream; unseeded resets continue
 * both streams (the inner env's rng carries over to the rebuilt env). The spaces must not change.
 *
 * @example
 * ```ts
 * const env = new DomainRandomization({ params: {
 *   demand: { dist: 'uniform', low: 300, high: 900, path: 'scenario.demand' },
 * } }, { factory: (kw) => make('TrafficSignal-v0', kw) });
 * const [obs, info] = env.reset({ seed: 3 });
 * info.randomization; // { demand: 612.4 }
 * ```
 */
export class DomainRandomization<Obs = unknown, Act = unknown> extends Wrapper<Obs, Act> {
  readonly randomizer: Randomizer;
  /** The values drawn for the current episode. */
  drawn: Record<string, unknown> = {};
  private readonly build: (kwargs: Record<string, unknown>) => Env<any, any>;

  constructor(config: unknown, opts: DomainRandomizationOptions) {
    const randomizer = new Randomizer(config, opts.kwargs);
    const build = opts.factory;
    if (typeof build !== 'function') throw new InvalidConfig('DomainRandomization needs a factory building the env from kwargs, e.g. (kw) => make(id, kw)');
    super(build(randomizer.baseKwargs()) as Env<Obs, Act>);
    this.build = build;
    this.randomizer = randomizer;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    const { kwargs, drawn } = this.randomizer.next(opts?.seed);
    const prev = this.env;
    const next = this.build(kwargs) as Env<Obs, Act>;
    if (!next.observationSpace.equals(prev.observationSpace) || !next.actionSpace.equals(prev.actionSpace)) {
      next.close();
      throw new InvalidConfig(
        `DomainRandomization: the drawn values ${JSON.stringify(drawn)} changed the env's spaces (observation ` +
          `${next.observationSpace.toString()} vs ${prev.observationSpace.toString()}); randomize only parameters that keep them`,
      );
    }
    if (opts?.seed === undefined) next.rng = prev.rng; // the episode stream continues, as without the wrapper
    prev.close();
    // the inner env is replaced each episode (Wrapper.env is readonly for users, not for this wrapper)
    (this as unknown as { env: Env<Obs, Act> }).env = next;
    this.drawn = drawn;
    const [obs, info] = next.reset(opts);
    return [obs, { ...info, randomization: { ...drawn } }];
  }
}
