import type { z } from 'zod';
import { ActorRows, type RoundEpsilon } from './common/ActorRows.js';
import { apexEpsilon } from './common/apexEpsilon.js';
import { EpisodeTracker } from './common/EpisodeTracker.js';
import { linearSchedule } from './common/linearSchedule.js';
import type { RolloutSource } from './common/RolloutSource.js';
import type { DqnConfigSchema } from './dqnConfig.js';

type EpisodeEnd = (env: number, ret: number, len: number) => void;

/** What {@link dqnActors} needs of a DQN learn call. */
export interface DqnActorsOptions {
  readonly source: RolloutSource;
  readonly cfg: z.output<typeof DqnConfigSchema>;
  /** Columns of a round's rows (the learner's vector width). */
  readonly numColumns: number;
  readonly obsDim: number;
  /** The learner's step count when the call starts, where it ends, and the schedules' horizon. */
  readonly start: number;
  readonly end: number;
  readonly horizon: number;
  /** The learner's tracker: finished episodes are recorded there (log mean return, checkpoints). */
  readonly tracker: EpisodeTracker;
  /** Logs a finished episode (slot `env`: the actor's instance). */
  readonly onEpisode: EpisodeEnd | undefined;
}

/** DQN's actors on rollout workers for one learn call; see {@link dqnActors}. */
export interface DqnActors {
  readonly rows: ActorRows;
  /** The epsilon of round `r`'s actors. */
  readonly epsilon: (round: number) => RoundEpsilon;
  /** Where the rows' running episodes are counted (`updateFrom(row.column, ...)`). */
  readonly tracker: EpisodeTracker;
  readonly onEnd: EpisodeEnd | undefined;
}

/**
 * The actors of a DQN learn call on rollout workers: rounds of `trainFreq` steps, `actorLag` rounds ahead of
 * the learner; each round's epsilon is the schedule's at the step where its rows enter the replay buffer
 * (what the learner playing them itself would use), or Ape-X's fixed per-actor epsilons. Actors taking
 * turns in groups each have a slot of their own for their running episodes.
 *
 * @example
 * ```ts
 * const actors = dqnActors({ source, cfg, numColumns: 1, obsDim: 4, start: 0, end: 100_000, horizon: 100_000, tracker, onEpisode });
 * const row = await actors.rows.next(() => agent.exportPolicy(), actors.epsilon);
 * ```
 */
export function dqnActors(o: DqnActorsOptions): DqnActors {
  const c = o.cfg;
  const n = o.numColumns;
  const rounds = Math.ceil((o.end - o.start) / n / c.trainFreq);
  // with prioritized replay the actors compute their rows' initial priorities (Ape-X), with the network they act with
  const priorities = c.prioritized ? { priorities: { gamma: c.gamma, nStep: c.nStep } } : {};
  const rows = new ActorRows(o.source, n, o.obsDim, c.trainFreq, { lag: c.actorLag, rounds, ...priorities });
  const schedule = linearSchedule(c.explorationInitialEps, c.explorationFinalEps, c.explorationFraction);
  const epsilon = c.actorEpsilons === 'apex'
    ? (): RoundEpsilon => apexEpsilon
    : (round: number): RoundEpsilon => schedule((o.start + round * c.trainFreq * n) / o.horizon);
  if (rows.groups === 1) return { rows, epsilon, tracker: o.tracker, onEnd: o.onEpisode };
  const onEnd = (env: number, ret: number, len: number): void => {
    o.tracker.record(ret, len);
    o.onEpisode?.(env, ret, len);
  };
  return { rows, epsilon, tracker: new EpisodeTracker(n * rows.groups), onEnd };
}
