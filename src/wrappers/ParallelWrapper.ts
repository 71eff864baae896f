import { ParallelEnv, type ParallelStepResult } from '../core/ParallelEnv.js';
import type { Info, ResetOptions } from '../core/types.js';
import type { Rng } from '../rng/Rng.js';
import type { Space } from '../spaces/Space.js';

/**
 * Wraps a ParallelEnv to change one aspect of it; everything else passes through (agents, spaces, rng,
 * render, close, unwrapped), as `Wrapper` does for `Env`. Subclasses override only what they change and
 * call `super.reset`/`super.step`, which keep `agents` in step with the inner env.
 *
 * @example
 * ```ts
 * class CountSteps<A extends string, O, Ac> extends ParallelWrapper<A, O, Ac> {
 *   count = 0;
 *   override step(actions: Record<A, Ac>) { this.count++; return super.step(actions); }
 * }
 * ```
 */
export class ParallelWrapper<Agent extends string = string, Obs = unknown, Act = unknown> extends ParallelEnv<Agent, Obs, Act> {
  constructor(public env: ParallelEnv<Agent, Obs, Act>) {
    super();
    this.metadata = env.metadata;
    this.renderMode = env.renderMode;
    this.spec = env.spec;
    this.agents = env.agents;
  }

  get possibleAgents(): readonly Agent[] {
    return this.env.possibleAgents;
  }

  observationSpace(agent: Agent): Space<Obs> {
    return this.env.observationSpace(agent);
  }

  actionSpace(agent: Agent): Space<Act> {
    return this.env.actionSpace(agent);
  }

  reset(opts?: ResetOptions): [Record<Agent, Obs>, Record<Agent, Info>] {
    const r = this.env.reset(opts);
    this.agents = this.env.agents;
    return r;
  }

  step(actions: Record<Agent, Act>): ParallelStepResult<Agent, Obs> {
    const r = this.env.step(actions);
    this.agents = this.env.agents;
    return r;
  }

  override render(): unknown {
    return this.env.render();
  }

  override close(): void {
    this.env.close();
  }

  override get unwrapped(): ParallelEnv<Agent, Obs, Act> {
    return this.env.unwrapped;
  }

  override get rng(): Rng {
    return this.env.rng;
  }

  override set rng(r: Rng) {
    this.env.rng = r;
  }
}
