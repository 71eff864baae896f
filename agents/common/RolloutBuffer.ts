import { computeGae } from './gae.js';

/**
 * On-policy rollout storage, preallocated `[numSteps, numEnvs, ...]` typed arrays (CleanRL's `obs`,
 * `actions`, `logprobs`, `rewards`, `dones`, `values`), plus GAE advantages and returns.
 *
 * @example
 * ```ts
 * const rb = new RolloutBuffer(128, 4, 4, 1);
 * rb.obs.set(obs, step * 4 * 4);          // write step `step` of all 4 envs
 * rb.finish(lastValues, 0.99, 0.95);      // fills rb.advantages and rb.returns
 * ```
 */
export class RolloutBuffer {
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly logProbs: Float32Array;
  readonly rewards: Float32Array;
  readonly terms: Uint8Array;
  readonly truncs: Uint8Array;
  /** 0 where the step is the reset step of a next-step autoreset (not a transition). */
  readonly valid: Uint8Array;
  readonly values: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;

  constructor(readonly numSteps: number, readonly numEnvs: number, readonly obsDim: number, readonly actDim: number) {
    const n = numSteps * numEnvs;
    this.obs = new Float32Array(n * obsDim);
    this.actions = new Float32Array(n * actDim);
    this.logProbs = new Float32Array(n);
    this.rewards = new Float32Array(n);
    this.terms = new Uint8Array(n);
    this.truncs = new Uint8Array(n);
    this.valid = new Uint8Array(n);
    this.values = new Float32Array(n);
    this.advantages = new Float32Array(n);
    this.returns = new Float32Array(n);
  }

  /** Computes GAE(lambda) advantages and returns given `V(obs_T)` of each env. */
  finish(lastValues: ArrayLike<number>, gamma: number, lambda: number): void {
    computeGae({
      numSteps: this.numSteps, numEnvs: this.numEnvs, rewards: this.rewards, values: this.values, terms: this.terms,
      truncs: this.truncs, valid: this.valid, lastValues, gamma, lambda,
    }, this.advantages, this.returns);
  }

  /** Indices of valid transitions (the ones a loss may use). */
  validIndices(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.valid.length; i++) if (this.valid[i]) out.push(i);
    return out;
  }
}
