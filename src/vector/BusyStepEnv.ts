import { z } from 'zod';
import { assertAction } from '../core/assertAction.js';
import { Env } from '../core/Env.js';
import { ResetNeeded } from '../core/errors.js';
import { parseConfig } from '../core/parseConfig.js';
import type { EnvMetadata, ResetOptions, ResetResult, StepResult } from '../core/types.js';
import { register, registry } from '../registry/registry.js';
import { Box } from '../spaces/Box.js';
import { Discrete } from '../spaces/Discrete.js';
import type { Space } from '../spaces/Space.js';

const KWARGS = z
  .object({
    stepUs: z.number().min(0).max(1e6).default(50),
    episodeLength: z.number().int().min(1).default(200),
    obsSize: z.number().int().min(1).max(4096).default(4),
    wait: z.enum(['busy', 'sleep']).default('busy'),
  })
  .strict();

/** Keyword arguments of `BusyStep-v0`. */
export type BusyStepKwargs = z.input<typeof KWARGS>;

/**
 * A test and benchmark env whose `step` busy-waits `stepUs` microseconds (wall clock), so the cost of
 * an env step is known; everything it returns is deterministic given the seed. Episodes last a length
 * drawn uniformly in `[ceil(episodeLength / 2), episodeLength]` at reset; the observation is a float32
 * vector in [-1, 1] that drifts towards the last action; reward 1 when the action matches the sign of
 * `obs[0]` (1 for positive), else 0; the final step's `info.metrics` holds `{ steps, matches }`. With
 * `wait: 'sleep'` a step sleeps instead (Atomics.wait: the thread is blocked, the core is free), the cost
 * of an env that waits on something else (an external simulator, a remote service).
 *
 * @example
 * ```ts
 * const env = make('BusyStep-v0', { stepUs: 50 });
 * env.reset({ seed: 1 });
 * env.step(1); // takes about 50 us
 * ```
 */
export class BusyStepEnv extends Env<Float32Array, number> {
  override metadata: EnvMetadata = {
    renderModes: [],
    description: 'Test/benchmark env: each step busy-waits stepUs microseconds; deterministic given the seed.',
  };
  readonly observationSpace: Box & Space<Float32Array>;
  readonly actionSpace = new Discrete(2);
  readonly stepUs: number;
  readonly episodeLength: number;
  /** 'busy' (the step uses the core) or 'sleep' (the step waits, the core is free). */
  readonly wait: 'busy' | 'sleep';
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  private readonly state: Float32Array;
  private t = 0;
  private length = 0;
  private matches = 0;
  private hasState = false;

  constructor(kwargs: BusyStepKwargs = {}) {
    super();
    const k = parseConfig(KWARGS, kwargs, 'BusyStep-v0 kwargs');
    this.stepUs = k.stepUs;
    this.episodeLength = k.episodeLength;
    this.wait = k.wait;
    this.observationSpace = new Box(-1, 1, [k.obsSize]) as Box & Space<Float32Array>;
    this.state = new Float32Array(k.obsSize);
  }

  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed);
    const rng = this.rng;
    this.length = rng.integers(Math.ceil(this.episodeLength / 2), this.episodeLength + 1);
    for (let k = 0; k < this.state.length; k++) this.state[k] = rng.uniform(-1, 1);
    this.t = 0;
    this.matches = 0;
    this.hasState = true;
    return [Float32Array.from(this.state), {}];
  }

  step(action: number): StepResult<Float32Array> {
    if (action !== 0 && action !== 1) assertAction(this.actionSpace, action);
    if (!this.hasState) throw new ResetNeeded('Cannot call BusyStepEnv.step() before reset()');
    if (this.stepUs > 0 && this.wait === 'sleep') {
      Atomics.wait(this.sleeper, 0, 0, this.stepUs / 1000);
    } else if (this.stepUs > 0) {
      const until = performance.now() + this.stepUs / 1000;
      while (performance.now() < until) {
        // busy wait: the cost of a real simulation step
      }
    }
    const s = this.state;
    const reward = action === (s[0] > 0 ? 1 : 0) ? 1 : 0;
    this.matches += reward;
    const push = action === 1 ? 0.1 : -0.1;
    for (let k = 0; k < s.length; k++) s[k] = Math.max(-1, Math.min(1, 0.9 * s[k] + push + 0.05 * this.rng.uniform(-1, 1)));
    this.t++;
    const terminated = this.t >= this.length;
    if (terminated) this.hasState = false;
    return [Float32Array.from(s), reward, terminated, false, terminated ? { metrics: { steps: this.t, matches: this.matches } } : {}];
  }
}

/**
 * Registers `BusyStep-v0` (no time limit) unless it already is.
 *
 * @example
 * ```ts
 * registerBusyStep();
 * makeVec('BusyStep-v0', 8, { mode: 'async', workers: 2, kwargs: { stepUs: 50 } });
 * ```
 */
export function registerBusyStep(): void {
  if (registry.has('BusyStep-v0')) return;
  register({
    id: 'BusyStep-v0',
    entryPoint: (kw) => new BusyStepEnv(kw),
    module: import.meta.url,
    description: 'Test/benchmark env whose step busy-waits stepUs microseconds (deterministic given the seed)',
  });
}

// importing this module registers the id (workers import it through EnvSpec.module)
registerBusyStep();
