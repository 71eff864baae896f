/** Inputs of {@link computeGae}: arrays laid out `[numSteps, numEnvs]`. */
export interface GaeInput {
  numSteps: number;
  numEnvs: number;
  rewards: ArrayLike<number>;
  /** `V(obs_t)`, the critic's value of the observation the action at t was taken in. */
  values: ArrayLike<number>;
  terms: ArrayLike<number>;
  truncs: ArrayLike<number>;
  /** 0 for the reset step of a `next-step` autoreset env (the step after a done): not a transition. */
  valid: ArrayLike<number>;
  /** `V(obs_T)` of the observation after the last stored step, one per env. */
  lastValues: ArrayLike<number>;
  gamma: number;
  lambda: number;
}

/**
 * Generalized advantage estimation (Schulman et al. 2016) for `next-step` autoreset vector envs
 * (Gymnasium 1.x): the step that ends an episode returns the true final observation, so its value
 * `values[t + 1]` bootstraps a truncated episode; the following reset step is invalid and gets advantage 0.
 * Writes `advantages` and `returns = advantages + values` (both `[numSteps, numEnvs]`).
 *
 * @example
 * ```ts
 * computeGae({ numSteps: 2, numEnvs: 1, rewards: [1, 1], values: [0.5, 0.5], terms: [0, 1], truncs: [0, 0],
 *   valid: [1, 1], lastValues: [0], gamma: 0.9, lambda: 0.8 }, adv, ret);
 * ```
 */
export function computeGae(o: GaeInput, advantages: Float32Array, returns: Float32Array): void {
  const { numSteps: T, numEnvs: N, gamma, lambda } = o;
  for (let e = 0; e < N; e++) {
    let lastGaeLam = 0;
    for (let t = T - 1; t >= 0; t--) {
      const i = t * N + e;
      if (!o.valid[i]) {
        advantages[i] = 0;
        returns[i] = 0;
        lastGaeLam = 0;
        continue;
      }
      const nextValue = t === T - 1 ? (o.lastValues[e] ?? 0) : (o.values[i + N] ?? 0);
      const nextNonTerminal = o.terms[i] ? 0 : 1; // bootstrap value if not terminated (truncation bootstraps)
      const value = o.values[i] ?? 0;
      const delta = (o.rewards[i] ?? 0) + gamma * nextValue * nextNonTerminal - value;
      const episodeGoesOn = o.terms[i] || o.truncs[i] ? 0 : 1; // never carry advantages across episodes
      lastGaeLam = delta + gamma * lambda * episodeGoesOn * lastGaeLam;
      advantages[i] = lastGaeLam;
      returns[i] = lastGaeLam + value;
    }
  }
}
