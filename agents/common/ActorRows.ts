import { InvalidConfig } from '../../src/core/errors.js';
import type { SerializedMlp } from '../../src/policy/MlpPolicy.js';
import type { RolloutSegment, RolloutSource } from './RolloutSource.js';

/** One vector step of actors' experience, as an off-policy learner adds it to its replay buffer. */
export interface ActorRow {
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: ArrayLike<number>;
  readonly nextObs: Float32Array;
  readonly terms: ArrayLike<number>;
  readonly truncs: ArrayLike<number>;
  readonly valid: ArrayLike<number>;
  /**
   * `truncs` for the replay buffer: with groups of actors taking turns, the last row of a segment also ends
   * its actor's run of rows there, so an n-step return never folds in the next group's rows (it bootstraps
   * from the segment's last observation instead).
   */
  readonly replayTruncs: ArrayLike<number>;
  /** The actors' initial priorities of the row's transitions (when the actors compute them). */
  readonly priorities: number[] | undefined;
  /** The round the row belongs to (round `r` was played with the network of round `r - lag`). */
  readonly round: number;
  /** Column of the row's first entry among all actors' (`group * numColumns`): where an episode tracker keeps them. */
  readonly column: number;
}

/** The epsilon of a round's actors: one for all, or per actor (env instance `actor` of `actors`). */
export type RoundEpsilon = number | ((actor: number, actors: number) => number);

/** Options of {@link ActorRows}. */
export interface ActorRowsOptions {
  /**
   * Rounds the actors run ahead of the learner (default 0: they take turns). Round `r` is played with the
   * network the learner has when it starts round `r - lag`, so rounds `r + 1 .. r + lag` are played while
   * the learner learns from round `r`; the source needs at least `lag + 1` groups of actors.
   */
  lag?: number;
  /** Rounds to collect at most (no actor plays beyond the run). */
  rounds?: number;
  /** Have the actors compute initial priorities with this discount and n-step (prioritized replay). */
  priorities?: { gamma: number; nStep: number };
}

/**
 * Ape-X-style actors for an off-policy learner: collects `chunk` steps of every column at a time (a round)
 * from a RolloutSource, epsilon-greedy on the learner's Q network, and hands them out one vector step at a
 * time (the next observation of a row is the next row's, the final one before a reset row). With `lag`,
 * the rounds up to `lag` ahead are in flight while the learner uses the current one: staleness is a fixed
 * number of rounds, so the experience does not depend on timing or on the number of workers.
 *
 * @example
 * ```ts
 * const actors = new ActorRows(source, numEnvs, obsDim, trainFreq, { lag: 1 });
 * const row = await actors.next(() => agent.exportPolicy(), (round) => eps); // rb.add(row.obs, row.actions, ...)
 * await actors.drain();
 * ```
 */
export class ActorRows {
  readonly lag: number;
  /** Groups of actors of the source (round `r` is played by group `r % groups`). */
  readonly groups: number;
  private readonly rounds: number;
  private readonly priorities: { gamma: number; nStep: number } | undefined;
  private readonly inFlight = new Map<number, Promise<RolloutSegment>>();
  private submitted = 0;
  private round = -1;
  private seg: RolloutSegment | undefined;
  private t = 0;

  constructor(private readonly source: RolloutSource, private readonly n: number, private readonly obsDim: number, private readonly chunk: number,
    opts: ActorRowsOptions = {}) {
    this.lag = opts.lag ?? 0;
    this.groups = source.groups ?? 1;
    this.rounds = opts.rounds ?? Number.POSITIVE_INFINITY;
    this.priorities = opts.priorities;
    if (!Number.isInteger(this.lag) || this.lag < 0) throw new InvalidConfig(`actorLag must be a non-negative integer, got ${this.lag}`);
    if (this.groups < this.lag + 1)
      throw new InvalidConfig(`Actors ${this.lag} rounds ahead need a rollout source of at least ${this.lag + 1} groups of env instances, got ${this.groups}`);
  }

  /**
   * The next vector step. At the start of round `r` it first sends the rounds up to `r + lag` not sent
   * yet, played with `network()` and `epsilon(round)`, then waits for round `r`.
   */
  async next(network: () => SerializedMlp, epsilon: (round: number) => RoundEpsilon): Promise<ActorRow> {
    if (this.seg === undefined || this.t >= this.seg.numSteps) {
      this.round++;
      while (this.submitted <= this.round + this.lag && this.submitted < this.rounds) this.submit(this.submitted++, network(), epsilon);
      const pending = this.inFlight.get(this.round);
      if (pending === undefined) throw new InvalidConfig(`ActorRows: round ${this.round} is past the ${this.rounds} rounds of the run`);
      this.inFlight.delete(this.round);
      this.seg = this.checked(await pending);
      this.t = 0;
    }
    return this.row(this.seg, this.t++);
  }

  /** Waits for the rounds still in flight (a run that stopped early), ignoring their results and failures. */
  async drain(): Promise<void> {
    const rest = [...this.inFlight.values()];
    this.inFlight.clear();
    await Promise.allSettled(rest);
  }

  private submit(round: number, network: SerializedMlp, epsilon: (round: number) => RoundEpsilon): void {
    const p = this.source.collect(network, this.chunk, { epsilon: epsilon(round), ...(this.priorities !== undefined ? { priorities: this.priorities } : {}) });
    p.catch(() => undefined); // awaited in next() or drain(); a round nobody waits for must not be an unhandled rejection
    this.inFlight.set(round, p);
  }

  private checked(seg: RolloutSegment): RolloutSegment {
    if (seg.numColumns !== this.n || seg.obs.length !== seg.numSteps * this.n * this.obsDim) {
      const dim = seg.obs.length / Math.max(1, seg.numSteps * seg.numColumns);
      throw new InvalidConfig(`Actors returned ${seg.numColumns} columns of ${dim} observations, expected ${this.n} of ${this.obsDim}`);
    }
    return seg;
  }

  private row(s: RolloutSegment, t: number): ActorRow {
    const n = this.n;
    const w = n * this.obsDim;
    const rows = <T extends { subarray(a: number, b: number): T }>(a: T, width: number): T => a.subarray(t * width, (t + 1) * width);
    const slice = (a: ArrayLike<number>): number[] => Array.prototype.slice.call(a, t * n, (t + 1) * n) as number[];
    const truncs = slice(s.truncs);
    return {
      obs: rows(s.obs, w),
      actions: rows(s.actions, n),
      rewards: slice(s.rewards),
      nextObs: t + 1 < s.numSteps ? s.obs.subarray((t + 1) * w, (t + 2) * w) : s.lastObs,
      terms: slice(s.terms),
      truncs,
      valid: slice(s.valid),
      priorities: s.priorities === undefined ? undefined : slice(s.priorities),
      replayTruncs: this.groups > 1 && t + 1 === s.numSteps ? truncs.map(() => 1) : truncs,
      round: this.round,
      column: (this.round % this.groups) * n,
    };
  }
}
