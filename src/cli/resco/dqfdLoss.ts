import type { PhaseNet } from './phaseNet.js';
import type { NStepTransition } from './nStepReplay.js';

/** Weights and settings of the DQfD loss (Hester et al. 2018: lambda_n = lambda_E = 1, margin 0.8). */
export interface DqfdSettings {
  readonly gamma: number;
  /** Weight of the n-step TD loss. */
  readonly nStepWeight: number;
  /** Weight of the large-margin supervised loss (demonstrations only). */
  readonly marginWeight: number;
  /** The margin l(a_E, a) for a != a_E. */
  readonly margin: number;
}

/**
 * DQfD's large-margin supervised loss of one state: `max_a [Q(s, a) + l(a_E, a)] - Q(s, a_E)`, with
 * `l = margin` for every action but the demonstrator's `expert` (0 for it). It is 0 only when the
 * demonstrator's action scores at least `margin` above every other. Returns the loss and the action
 * of the max (its gradient is +1 on that action's score and -1 on the expert's).
 *
 * @example
 * ```ts
 * marginLoss([1, 0.5, 2], 0, 0.8); // { loss: 1.8, argmax: 2 }
 * ```
 */
export function marginLoss(scores: ArrayLike<number>, expert: number, margin: number): { loss: number; argmax: number } {
  let argmax = 0;
  let best = -Infinity;
  for (let a = 0; a < scores.length; a++) {
    const v = scores[a] + (a === expert ? 0 : margin);
    if (v > best) {
      best = v;
      argmax = a;
    }
  }
  return { loss: best - scores[expert], argmax };
}

/** The Huber loss (delta 1) of error `e` and its derivative. */
function huber(e: number): { loss: number; d: number } {
  return Math.abs(e) <= 1 ? { loss: 0.5 * e * e, d: e } : { loss: Math.abs(e) - 0.5, d: Math.sign(e) };
}

/**
 * Accumulates into `net`'s gradient the DQfD loss of `batch`, averaged over it: the 1-step Double DQN
 * TD loss (Huber), the n-step one weighted by `nStepWeight`, and where the demonstrator's phase is known
 * the large-margin loss toward it, weighted by `marginWeight`. Targets use `target` to score the online network's best next phase.
 * Returns the three mean losses.
 *
 * @example
 * ```ts
 * net.zeroGrad();
 * dqfdGradient(net, target, batch, { gamma: 0.99, nStepWeight: 1, marginWeight: 1, margin: 0.8 });
 * net.step(1e-3);
 * ```
 */
export function dqfdGradient(
  net: PhaseNet,
  target: PhaseNet,
  batch: readonly NStepTransition[],
  s: DqfdSettings,
): { td: number; nStep: number; margin: number } {
  const m = batch.length;
  const bootstrap = (x: Float32Array): number => target.scores(x)[net.best(x)];
  let td = 0;
  let nStep = 0;
  let margin = 0;
  for (const t of batch) {
    const q = net.score(t.obs, t.action);
    const one = huber(q - (t.done ? t.reward : t.reward + s.gamma * bootstrap(t.next)));
    const n = huber(q - (t.nReturn + (t.nDiscount > 0 ? t.nDiscount * bootstrap(t.nNext) : 0)));
    td += one.loss / m;
    nStep += n.loss / m;
    net.addGradient(t.obs, t.action, (one.d + s.nStepWeight * n.d) / m);
    if (t.expert === undefined || s.marginWeight === 0) continue;
    const e = marginLoss(net.scores(t.obs), t.expert, s.margin);
    margin += e.loss / m;
    if (e.argmax === t.expert) continue;
    net.addGradient(t.obs, e.argmax, s.marginWeight / m);
    net.addGradient(t.obs, t.expert, -s.marginWeight / m);
  }
  return { td, nStep, margin };
}
