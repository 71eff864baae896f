import type { Env } from '../src/core/Env.js';
import { InvalidConfig } from '../src/core/errors.js';
import type { ResetOptions, ResetResult, StepResult } from '../src/core/types.js';
import { Wrapper } from '../src/wrappers/Wrapper.js';
import { adapterFor } from './adapters/adapterFor.js';
import { EpisodeRecorder } from './EpisodeRecorder.js';
import type { RecordOptions } from './EpisodeRecorder.js';

/**
 * Records each episode in the tsgym recording format (docs/recording-format.md): the scene after
 * reset, a frame every `every` steps and at the end, written atomically when the episode ends (or on
 * `close`). Only reads the env, so trajectories are the same with or without it.
 *
 * @example
 * ```ts
 * const env = new RecordEpisode(make('FactoryLine-v0'), { path: 'runs/line.json.gz', policy: 'spt', every: 1 });
 * env.reset({ seed: 0 });
 * // ... step until done: runs/line.json.gz is written; view it with `tsgym view runs/line.json.gz`
 * ```
 */
export class RecordEpisode<Obs, Act> extends Wrapper<Obs, Act> {
  readonly recorder: EpisodeRecorder;
  /** The env the default adapter reads (a wrapper such as DomainRandomization may rebuild it at reset). */
  private adapted: unknown;

  constructor(env: Env<Obs, Act>, private readonly opts: RecordOptions = {}) {
    super(env);
    const id = env.spec?.id ?? env.unwrapped.constructor.name;
    const adapter = opts.adapter ?? adapterFor(env.unwrapped);
    if (!adapter) throw new InvalidConfig(`RecordEpisode: no scene adapter for ${id}; pass opts.adapter (traffic and factory envs have one)`);
    this.adapted = env.unwrapped;
    this.recorder = new EpisodeRecorder(id, adapter, opts);
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    const r = this.env.reset(opts);
    if (this.opts.adapter === undefined && this.env.unwrapped !== this.adapted) {
      const adapter = adapterFor(this.env.unwrapped);
      if (!adapter) throw new InvalidConfig(`RecordEpisode: no scene adapter for ${this.env.unwrapped.constructor.name}`);
      this.adapted = this.env.unwrapped;
      this.recorder.setAdapter(adapter);
    }
    this.recorder.begin(opts?.seed ?? null, r[1]);
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.recorder.step(r[1], r[4], r[2], r[3]);
    return r;
  }

  /** Writes an unfinished episode, then closes the env. */
  override close(): void {
    this.recorder.finish(false, false);
    this.env.close();
  }
}
