/**
 * Ape-X actors' initial priorities: what an actor knows of its own rows (Q of the action taken and the
 * greedy value of each observation, under the network it acts with) folded into `|n-step TD error|`, so
 * that new transitions enter a prioritized replay buffer with a real priority rather than the maximum.
 * @packageDocumentation
 */
import { InvalidConfig } from '../core/errors.js';
import type { MlpPolicy } from '../policy/MlpPolicy.js';
import { Discrete } from '../spaces/Discrete.js';
import type { Space } from '../spaces/Space.js';

/** How priorities are computed: the learner's discount and n of its n-step returns. */
export interface PrioritySpec {
  readonly gamma: number;
  readonly nStep: number;
}

/** Q estimates of one instance's segment, rows `[t][column]`, filled while it is played. */
export class ActorQ {
  /** Q(s_t, a_t) of each transition row. */
  readonly taken: Float64Array;
  /** Greedy value max_a Q(o, a) of each row's observation (on a reset row: the final observation it holds). */
  readonly value: Float64Array;
  /** Greedy value of the observation after the last row, per column. */
  readonly last: Float64Array;
  private readonly start: number;

  constructor(rows: number, columns: number, private readonly q: MlpPolicy, space: Space<unknown>) {
    if (!(space instanceof Discrete)) throw new InvalidConfig(`Actor priorities need a Discrete action space, got ${space.toString()}`);
    this.start = space.start;
    this.taken = new Float64Array(rows * columns);
    this.value = new Float64Array(rows * columns);
    this.last = new Float64Array(columns);
  }

  /** The greedy value of `obs` (the Q of the action the network would take: invalid actions masked). */
  greedyValue(obs: unknown): number {
    const a = (this.q.act(obs, {}) as number) - this.start;
    return this.q.forward(obs)[a] ?? 0;
  }

  /** Records row `k`'s observation value and Q of the action taken (`action`, 0-based). */
  record(k: number, obs: unknown, action: number): void {
    const greedy = (this.q.act(obs, {}) as number) - this.start;
    // one network pass for both values
    const y = this.q.forward(obs);
    this.value[k] = y[greedy] ?? 0;
    this.taken[k] = y[action] ?? 0;
  }
}

/**
 * `|Q(s_t, a_t) - (sum_{k<m} gamma^k r_{t+k} + gamma^m (1 - term) V(s_{t+m}))|` for every valid row, with
 * `m <= nStep` steps of the same episode within the segment (as the replay buffer folds them; an n-step
 * return that would cross the segment's end is cut there and bootstraps from the segment's last
 * observation). Invalid rows (resets) get 0.
 *
 * @example
 * ```ts
 * const p = actorPriorities(seg, q, { gamma: 0.99, nStep: 3 }); // one per row and column
 * ```
 */
export function actorPriorities(
  seg: { readonly columns: number; readonly rewards: Float64Array; readonly terms: Uint8Array; readonly truncs: Uint8Array; readonly valid: Uint8Array },
  q: Pick<ActorQ, 'taken' | 'value' | 'last'>,
  spec: PrioritySpec,
): Float64Array {
  const c = seg.columns;
  const T = seg.valid.length / c;
  const out = new Float64Array(T * c);
  for (let i = 0; i < c; i++) {
    for (let t = 0; t < T; t++) {
      if (!seg.valid[t * c + i]) continue;
      let ret = 0;
      let disc = 1;
      let last = t;
      for (let k = 0; k < spec.nStep && t + k < T; k++) {
        const j = (t + k) * c + i;
        ret += disc * (seg.rewards[j] ?? 0);
        disc *= spec.gamma;
        last = t + k;
        if (seg.terms[j] || seg.truncs[j]) break;
      }
      const next = last + 1 < T ? (q.value[(last + 1) * c + i] ?? 0) : (q.last[i] ?? 0);
      const target = ret + (seg.terms[last * c + i] ? 0 : disc * next);
      out[t * c + i] = Math.abs((q.taken[t * c + i] ?? 0) - target);
    }
  }
  return out;
}
