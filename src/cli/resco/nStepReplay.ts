/** One signal decision with its 1-step and n-step targets' ingredients, as DQfD (Hester et al. 2018) replays it. */
export interface NStepTransition {
  readonly obs: Float32Array;
  readonly action: number;
  readonly reward: number;
  readonly next: Float32Array;
  /** The episode ended at `next` (no bootstrap). */
  readonly done: boolean;
  /** Discounted sum of the rewards of up to n decisions from this one. */
  readonly nReturn: number;
  /** The observation n decisions later (or at the episode's end). */
  readonly nNext: Float32Array;
  /** gamma^k for the k decisions summed in `nReturn`; 0 when the episode ended within them (no bootstrap). */
  readonly nDiscount: number;
  /** The demonstrator's phase in this state (the large-margin loss pulls toward it); absent: none known. */
  readonly expert?: number;
}

interface Pending {
  readonly obs: Float32Array;
  readonly action: number;
  readonly reward: number;
  readonly next: Float32Array;
  readonly done: boolean;
  readonly expert?: number;
}

/**
 * Turns each signal's stream of decisions into {@link NStepTransition}s: a decision is emitted once the
 * n decisions after it are known (or its episode ends), with the discounted sum of their rewards and
 * the observation after them.
 *
 * @example
 * ```ts
 * const w = new NStepWindow(10, 0.99);
 * const ready = w.push('signal', obs, action, reward, next, done, expertAction); // transitions now complete
 * const rest = w.flush(); // at the episode's end
 * ```
 */
export class NStepWindow {
  private readonly pending = new Map<string, Pending[]>();

  constructor(
    readonly n: number,
    readonly gamma: number,
  ) {}

  /** Adds a decision of `agent` (`expert`: the demonstrator's phase there); returns the transitions it completes (`done`: every pending one). */
  push(agent: string, obs: Float32Array, action: number, reward: number, next: Float32Array, done: boolean, expert?: number): NStepTransition[] {
    let q = this.pending.get(agent);
    if (!q) this.pending.set(agent, (q = []));
    q.push({ obs, action, reward, next, done, ...(expert !== undefined ? { expert } : {}) });
    if (done) return this.drain(agent);
    return q.length >= this.n ? [this.emit(q)] : [];
  }

  /** Emits every pending decision (the episode ended or was cut: the last observation is bootstrapped from unless done). */
  flush(): NStepTransition[] {
    return [...this.pending.keys()].flatMap((a) => this.drain(a));
  }

  private drain(agent: string): NStepTransition[] {
    const q = this.pending.get(agent) ?? [];
    const out: NStepTransition[] = [];
    while (q.length > 0) out.push(this.emit(q));
    return out;
  }

  /** The transition of the oldest pending decision, over the decisions after it that are pending. */
  private emit(q: Pending[]): NStepTransition {
    const first = q[0];
    let ret = 0;
    let disc = 1;
    let ended = false;
    for (const t of q) {
      ret += disc * t.reward;
      disc *= this.gamma;
      if (t.done) {
        ended = true;
        break;
      }
    }
    const last = q[q.length - 1];
    q.shift();
    return { ...first, nReturn: ret, nNext: last.next, nDiscount: ended ? 0 : disc };
  }
}
