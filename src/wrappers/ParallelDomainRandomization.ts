import { InvalidConfig } from '../core/errors.js';
import type { ParallelEnv } from '../core/ParallelEnv.js';
import type { Info, ResetOptions } from '../core/types.js';
import { ParallelWrapper } from './ParallelWrapper.js';
import { Randomizer } from './Randomizer.js';

/** Options of `ParallelDomainRandomization`: how to build the inner multi-agent env for each episode's kwargs. */
export interface ParallelDomainRandomizationOptions {
  /** Builds the env from kwargs (base kwargs with the drawn values written in), e.g. `(kw) => makeParallel(id, kw)`. */
  readonly factory: (kwargs: Record<string, unknown>) => ParallelEnv<any, any, any>;
  /** Base kwargs the drawn values are written into (deep-copied per episode). */
  readonly kwargs?: Record<string, unknown>;
}

/**
 * `DomainRandomization` for multi-agent ParallelEnvs (e.g. TrafficGrid-v0): per episode, seeded from the
 * reset seed, draws the config's parameters, rebuilds the inner env with them and resets it; every
 * agent's reset info carries `randomization`. The agents and their spaces must not change.
 *
 * @example
 * ```ts
 * const config = { params: { demand: { dist: 'uniform', low: 200, high: 800, path: 'scenario.demand' } } };
 * const grid = new ParallelDomainRandomization(config, { factory: (kw) => makeParallel('TrafficGrid-v0', kw) });
 * const [obs, infos] = grid.reset({ seed: 1 });
 * infos.J0_0.randomization; // { demand: 431.7 }
 * ```
 */
export class ParallelDomainRandomization<Agent extends string = string, Obs = unknown, Act = unknown> extends ParallelWrapper<Agent, Obs, Act> {
  readonly randomizer: Randomizer;
  /** The values drawn for the current episode. */
  drawn: Record<string, unknown> = {};
  private readonly build: (kwargs: Record<string, unknown>) => ParallelEnv<Agent, Obs, Act>;

  constructor(config: unknown, opts: ParallelDomainRandomizationOptions) {
    const randomizer = new Randomizer(config, opts.kwargs);
    const { factory } = opts;
    if (typeof factory !== 'function')
      throw new InvalidConfig('ParallelDomainRandomization needs a factory building the env from kwargs, e.g. (kw) => makeParallel(id, kw)');
    const build = (kw: Record<string, unknown>): ParallelEnv<Agent, Obs, Act> => factory(kw) as ParallelEnv<Agent, Obs, Act>;
    super(build(randomizer.baseKwargs())); // `env`: the inner env of the current episode
    this.randomizer = randomizer;
    this.build = build;
  }

  override reset(opts?: ResetOptions): [Record<Agent, Obs>, Record<Agent, Info>] {
    const { kwargs, drawn } = this.randomizer.next(opts?.seed);
    const prev = this.env;
    const next = this.build(kwargs);
    const same =
      next.possibleAgents.length === prev.possibleAgents.length &&
      prev.possibleAgents.every(
        (a, i) => next.possibleAgents[i] === a && next.observationSpace(a).equals(prev.observationSpace(a)) && next.actionSpace(a).equals(prev.actionSpace(a)),
      );
    if (!same) {
      next.close();
      throw new InvalidConfig(
        `ParallelDomainRandomization: the drawn values ${JSON.stringify(drawn)} changed the agents or their spaces; randomize only parameters that keep them`,
      );
    }
    if (opts?.seed === undefined) next.rng = prev.rng; // the episode stream continues
    prev.close();
    this.env = next;
    this.drawn = drawn;
    const [obs, infos] = super.reset(opts);
    const out = {} as Record<Agent, Info>;
    for (const a of Object.keys(infos) as Agent[]) out[a] = { ...infos[a], randomization: { ...drawn } };
    return [obs, out];
  }
}
