import { Env } from '../../src/core/Env.js';
import { ParallelEnv } from '../../src/core/ParallelEnv.js';
import { InvalidConfig } from '../../src/core/errors.js';
import type { Info } from '../../src/core/types.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { MultiDiscrete } from '../../src/spaces/MultiDiscrete.js';
import type { Space } from '../../src/spaces/Space.js';
import { flatDim, flatten } from '../../src/spaces/flatten.js';
import type { VecEnvLike } from './VecEnvLike.js';

/** Writes the flat observation of `space` into `out` at `offset` (Box copied without allocation). */
function writeObs(space: Space<unknown>, obs: unknown, out: Float32Array, offset: number): void {
  if (space instanceof Box) {
    const a = obs as ArrayLike<number>;
    for (let i = 0; i < space.size; i++) out[offset + i] = a[i] ?? 0;
  } else {
    out.set(flatten(space, obs), offset);
  }
}

/** Converts one row of a flat action array into what `space` takes. */
function readAction(space: Space<unknown>, actions: ArrayLike<number>, row: number): unknown {
  if (space instanceof Discrete) return actions[row] ?? 0;
  if (space instanceof MultiDiscrete) {
    const n = space.nvec.length;
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = actions[row * n + i] ?? 0;
    return a;
  }
  if (space instanceof Box) {
    const a = new Float32Array(space.size);
    for (let i = 0; i < space.size; i++) a[i] = actions[row * space.size + i] ?? 0;
    return a;
  }
  throw new InvalidConfig(`Cannot pass flat actions to action space ${space.toString()}`);
}

/**
 * A synchronous `next-step` autoreset vector env over single envs (what `makeVec(..., { mode: 'sync' })`
 * does), used when an agent is given an `Env` or an `Env[]`.
 */
class EnvsAsVec implements VecEnvLike {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly autoresetMode = 'next-step';
  private readonly obs: Float32Array;
  private readonly rewards: Float64Array;
  private readonly terms: Uint8Array;
  private readonly truncs: Uint8Array;
  private readonly needsReset: Uint8Array;
  private readonly dim: number;

  constructor(private readonly envs: Env[]) {
    const first = envs[0];
    if (first === undefined) throw new InvalidConfig('asVecEnv needs at least one env');
    this.numEnvs = envs.length;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.dim = flatDim(first.observationSpace);
    this.obs = new Float32Array(this.numEnvs * this.dim);
    this.rewards = new Float64Array(this.numEnvs);
    this.terms = new Uint8Array(this.numEnvs);
    this.truncs = new Uint8Array(this.numEnvs);
    this.needsReset = new Uint8Array(this.numEnvs);
  }

  reset(opts?: { seed?: number }): [Float32Array, Info[]] {
    const infos = this.envs.map((e, i) => {
      const [o, info] = e.reset(opts?.seed === undefined ? {} : { seed: opts.seed + i });
      writeObs(this.singleObservationSpace, o, this.obs, i * this.dim);
      return info;
    });
    this.needsReset.fill(0);
    return [this.obs, infos];
  }

  step(actions: ArrayLike<number>): [Float32Array, Float64Array, Uint8Array, Uint8Array, Info[]] {
    const infos: Info[] = [];
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i];
      if (this.needsReset[i]) {
        const [o, info] = env.reset();
        writeObs(this.singleObservationSpace, o, this.obs, i * this.dim);
        this.rewards[i] = 0;
        this.terms[i] = 0;
        this.truncs[i] = 0;
        this.needsReset[i] = 0;
        infos.push(info);
        continue;
      }
      const [o, r, term, trunc, info] = env.step(readAction(this.singleActionSpace, actions, i));
      writeObs(this.singleObservationSpace, o, this.obs, i * this.dim);
      this.rewards[i] = r;
      this.terms[i] = term ? 1 : 0;
      this.truncs[i] = trunc ? 1 : 0;
      this.needsReset[i] = term || trunc ? 1 : 0;
      infos.push(info);
    }
    return [this.obs, this.rewards, this.terms, this.truncs, infos];
  }

  close(): void {
    for (const e of this.envs) e.close();
  }
}

/**
 * A multi-agent ParallelEnv seen as a vector env with one slot per agent (parameter sharing: one network
 * acts for every agent). All agents must share observation and action spaces and end their episodes
 * together (as the traffic grid does); the step after the end resets the env (`next-step` autoreset).
 */
class ParallelAsVec implements VecEnvLike {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly autoresetMode = 'next-step';
  private readonly agents: readonly string[];
  private readonly obs: Float32Array;
  private readonly rewards: Float64Array;
  private readonly terms: Uint8Array;
  private readonly truncs: Uint8Array;
  private readonly dim: number;
  private needsReset = false;

  constructor(private readonly env: ParallelEnv<string, unknown, unknown>) {
    this.agents = [...env.possibleAgents];
    const first = this.agents[0];
    if (first === undefined) throw new InvalidConfig('ParallelEnv has no possible agents');
    this.singleObservationSpace = env.observationSpace(first);
    this.singleActionSpace = env.actionSpace(first);
    for (const a of this.agents) {
      if (!env.observationSpace(a).equals(this.singleObservationSpace) || !env.actionSpace(a).equals(this.singleActionSpace)) {
        throw new InvalidConfig(
          `Parameter sharing needs every agent to share spaces: agent ` +
            `'${a}' has ${env.observationSpace(a).toString()} / ${env.actionSpace(a).toString()}, agent '${first}' has ` +
              `${this.singleObservationSpace.toString()} / ${this.singleActionSpace.toString()}`,
        );
      }
    }
    this.numEnvs = this.agents.length;
    this.dim = flatDim(this.singleObservationSpace);
    this.obs = new Float32Array(this.numEnvs * this.dim);
    this.rewards = new Float64Array(this.numEnvs);
    this.terms = new Uint8Array(this.numEnvs);
    this.truncs = new Uint8Array(this.numEnvs);
  }

  private writeAll(obs: Record<string, unknown>): void {
    this.agents.forEach((a, i) => {
      if (a in obs) writeObs(this.singleObservationSpace, obs[a], this.obs, i * this.dim);
    });
  }

  reset(opts?: { seed?: number }): [Float32Array, Info[]] {
    const [obs, infos] = this.env.reset(opts?.seed === undefined ? {} : { seed: opts.seed });
    this.writeAll(obs);
    this.needsReset = false;
    return [this.obs, this.agents.map((a) => infos[a] ?? {})];
  }

  step(actions: ArrayLike<number>): [Float32Array, Float64Array, Uint8Array, Uint8Array, Info[]] {
    if (this.needsReset) {
      const [obs, infos] = this.reset();
      this.rewards.fill(0);
      this.terms.fill(0);
      this.truncs.fill(0);
      return [obs, this.rewards, this.terms, this.truncs, infos];
    }
    const act: Record<string, unknown> = {};
    this.agents.forEach((a, i) => {
      act[a] = readAction(this.singleActionSpace, actions, i);
    });
    const [obs, rewards, terms, truncs, infos] = this.env.step(act);
    this.writeAll(obs);
    let ended = 0;
    this.agents.forEach((a, i) => {
      this.rewards[i] = rewards[a] ?? 0;
      this.terms[i] = terms[a] ? 1 : 0;
      this.truncs[i] = truncs[a] ? 1 : 0;
      if (terms[a] || truncs[a]) ended++;
    });
    if (ended > 0 && ended < this.agents.length) {
      throw new InvalidConfig(`Parameter-shared training needs all agents to end together: ${ended} of ${this.agents.length} agents ended this step`);
    }
    this.needsReset = ended > 0;
    return [this.obs, this.rewards, this.terms, this.truncs, this.agents.map((a) => infos[a] ?? {})];
  }

  close(): void {
    this.env.close();
  }
}

/** What an agent trains on: an Env, several Envs, a vector env, or a ParallelEnv (one shared network for its agents). */
export type AgentEnv = VecEnvLike | Env | Env[] | ParallelEnv<string, unknown, unknown>;

/**
 * The vector env an agent trains on: a `VecEnvLike` (e.g. from `makeVec`) as it is, an `Env` or `Env[]`
 * stepped synchronously, or a `ParallelEnv` with one slot per agent (parameter sharing).
 *
 * @example
 * ```ts
 * const envs = asVecEnv([make('CartPole-v1'), make('CartPole-v1')]);
 * const grid = asVecEnv(makeParallel('TrafficGrid-v0'));   // numEnvs = number of intersections
 * ```
 */
export function asVecEnv(env: AgentEnv): VecEnvLike {
  if (env instanceof ParallelEnv) return new ParallelAsVec(env);
  if (env instanceof Env) return new EnvsAsVec([env]);
  if (Array.isArray(env)) return new EnvsAsVec(env);
  if (env.autoresetMode !== undefined && env.autoresetMode !== 'next-step') {
    throw new InvalidConfig(`Agents need a vector env with autoresetMode 'next-step', got '${env.autoresetMode}'`);
  }
  return env;
}
