import { InvalidConfig } from '../src/core/errors.js';
import type { ParallelEnv, ParallelStepResult } from '../src/core/ParallelEnv.js';
import type { Info, ResetOptions } from '../src/core/types.js';
import { ParallelWrapper } from '../src/wrappers/ParallelWrapper.js';
import { adapterFor } from './adapters/adapterFor.js';
import { EpisodeRecorder } from './EpisodeRecorder.js';
import type { RecordOptions } from './EpisodeRecorder.js';

/** The first agent info carrying `metrics` (multi-agent envs put the network's metrics there). */
function sharedInfo(infos: Record<string, Info>): Info | undefined {
  let first: Info | undefined;
  for (const k in infos) {
    const i = infos[k];
    if (!i) continue;
    if (i.metrics !== undefined) return i;
    first ??= i;
  }
  return first;
}

/**
 * `RecordEpisode` for multi-agent ParallelEnvs (e.g. TrafficGrid-v0): frame rewards are summed over
 * agents, metrics come from the first agent info that has `metrics`, and the episode ends when every
 * agent is done. Only reads the env.
 *
 * @example
 * ```ts
 * const grid = new RecordParallelEpisode(makeParallel('TrafficGrid-v0'), { path: 'grid.json.gz', every: 5 });
 * ```
 */
export class RecordParallelEpisode<Agent extends string, Obs, Act> extends ParallelWrapper<Agent, Obs, Act> {
  readonly recorder: EpisodeRecorder;

  constructor(env: ParallelEnv<Agent, Obs, Act>, opts: RecordOptions = {}) {
    super(env);
    const id = env.spec?.id ?? env.constructor.name;
    const adapter = opts.adapter ?? adapterFor(env.unwrapped);
    if (!adapter) throw new InvalidConfig(`RecordParallelEpisode: no scene adapter for ${id}; pass opts.adapter`);
    this.recorder = new EpisodeRecorder(id, adapter, opts);
  }

  override reset(opts?: ResetOptions): [Record<Agent, Obs>, Record<Agent, Info>] {
    const r = super.reset(opts);
    this.recorder.begin(opts?.seed ?? null, sharedInfo(r[1]));
    return r;
  }

  override step(actions: Record<Agent, Act>): ParallelStepResult<Agent, Obs> {
    const r = super.step(actions);
    let reward = 0;
    let allTerm = true;
    for (const a in r[1]) {
      reward += r[1][a] ?? 0;
      if (!r[2][a]) allTerm = false;
    }
    const done = this.env.agents.length === 0;
    this.recorder.step(reward, sharedInfo(r[4]), done && allTerm, done && !allTerm);
    return r;
  }

  override close(): void {
    this.recorder.finish(false, false);
    super.close();
  }
}
