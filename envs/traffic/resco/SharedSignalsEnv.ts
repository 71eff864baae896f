import { ParallelEnv, type ParallelStepResult } from '../../../src/core/ParallelEnv.js';
import type { Info, ResetOptions } from '../../../src/core/types.js';
import { Box } from '../../../src/spaces/Box.js';
import { Discrete } from '../../../src/spaces/Discrete.js';
import type { Space } from '../../../src/spaces/Space.js';

/**
 * Gives every agent of a traffic ParallelEnv the same spaces, so one network can act for signals of
 * different shapes (parameter sharing on cologne8 or ingolstadt7): each observation is zero-padded to
 * the longest one and followed by a one-hot of the agent (so the shared network can tell signals
 * apart); the action space is the largest phase count, and an action beyond an agent's phases wraps
 * around (`a % phases`). With one signal, or signals of one shape, only the one-hot is added.
 *
 * @example
 * ```ts
 * const shared = new SharedSignalsEnv(makeParallel('TrafficNetworkParallel-v0', kwargs));
 * const agent = await DQN.create(shared, { seed: 1 });
 * ```
 */
export class SharedSignalsEnv extends ParallelEnv<string, Float32Array, number> {
  readonly possibleAgents: readonly string[];
  private readonly obsSpace: Box & Space<Float32Array>;
  private readonly actSpace: Discrete;
  private readonly obsLen: number;
  private readonly phases = new Map<string, number>();

  constructor(readonly inner: ParallelEnv<string, Float32Array, number>) {
    super();
    this.possibleAgents = [...inner.possibleAgents];
    let len = 0;
    let acts = 1;
    for (const a of this.possibleAgents) {
      len = Math.max(len, inner.observationSpace(a).shape.reduce((x, y) => x * y, 1));
      const n = (inner.actionSpace(a) as Discrete).n;
      this.phases.set(a, n);
      acts = Math.max(acts, n);
    }
    this.obsLen = len;
    this.obsSpace = new Box(-Infinity, Infinity, [len + this.possibleAgents.length]) as Box & Space<Float32Array>;
    this.actSpace = new Discrete(acts);
  }

  override get unwrapped(): ParallelEnv<string, Float32Array, number> {
    return this.inner.unwrapped;
  }

  observationSpace(): Box & Space<Float32Array> {
    return this.obsSpace;
  }

  actionSpace(): Discrete {
    return this.actSpace;
  }

  /** The padded observation of `agent` (its own, zeros, then its one-hot). */
  pad(agent: string, obs: Float32Array): Float32Array {
    const out = new Float32Array(this.obsLen + this.possibleAgents.length);
    out.set(obs.subarray(0, this.obsLen));
    out[this.obsLen + this.possibleAgents.indexOf(agent)] = 1;
    return out;
  }

  /** The inner env's action for `agent` from a shared action. */
  innerAction(agent: string, a: number): number {
    return a % (this.phases.get(agent) ?? 1);
  }

  private padAll(obs: Record<string, Float32Array>): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    for (const [a, o] of Object.entries(obs)) out[a] = this.pad(a, o);
    return out;
  }

  reset(opts?: ResetOptions): [Record<string, Float32Array>, Record<string, Info>] {
    const [obs, infos] = this.inner.reset(opts);
    this.agents = [...this.inner.agents];
    return [this.padAll(obs), infos];
  }

  step(actions: Record<string, number>): ParallelStepResult<string, Float32Array> {
    const inner: Record<string, number> = {};
    for (const a of this.agents) inner[a] = this.innerAction(a, actions[a] ?? 0);
    const [obs, rewards, terms, truncs, infos] = this.inner.step(inner);
    this.agents = [...this.inner.agents];
    return [this.padAll(obs), rewards, terms, truncs, infos];
  }

  override close(): void {
    this.inner.close();
  }
}
