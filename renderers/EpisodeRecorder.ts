import type { Info } from '../src/core/types.js';
import type { EpisodeSummary, Frame, FrameExplanation, Recording, RecordingExplain, RecordingHeader } from './format/types.js';
import type { SceneAdapter } from './adapters/SceneAdapter.js';
import { writeRecording } from './io/writeRecording.js';
import type { LiveSink } from './server/LiveChannel.js';

/** Options shared by RecordEpisode and RecordParallelEpisode. */
export interface RecordOptions {
  /** File to write at the end of each episode (`.gz` = gzip); `{episode}` is replaced by the episode number. */
  readonly path?: string;
  /** Env steps between frames (default 1); the last step of an episode is always recorded. */
  readonly every?: number;
  /** Policy name stored in the recording (default `unknown`). */
  readonly policy?: string;
  /** Env kwargs stored in the recording. */
  readonly kwargs?: Record<string, unknown>;
  /** Reads the env's state; default: the adapter registered for the env (`adapterFor`). */
  readonly adapter?: SceneAdapter;
  /** Streams frames as they are taken (the view server's `live` channel). */
  readonly live?: LiveSink;
  /** Called with each finished recording (after it is written, if `path` is set). */
  readonly onRecording?: (rec: Recording) => void;
  /**
   * Names for explanations of a learned policy's decisions (feature names, action labels): given, the
   * recording is version 2 and frames carry what `EpisodeRecorder.explain` was told.
   */
  readonly explain?: RecordingExplain;
}

/**
 * The metrics a frame keeps: all but per-approach detail (`J0.NB.controlDelay`: two dots), which would
 * multiply a grid's recording size; the summary keeps everything.
 */
function perFrame(m: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) if (k.indexOf('.') === k.lastIndexOf('.')) out[k] = v;
  return out;
}

/** Numeric metrics of an info: `info.metrics` when present, else its top-level numbers. */
export function metricsOf(info: Info | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!info) return out;
  const m = info.metrics;
  const src = m !== null && typeof m === 'object' ? (m as Record<string, unknown>) : info;
  for (const k in src) {
    const v = src[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

/**
 * The bookkeeping of a recording wrapper: frames every N steps, rewards summed between frames, the
 * summary, atomic writing and live streaming. Wrappers call `begin` after reset, `step` after each
 * step and `finish` at the end of an episode (or on close).
 *
 * @example
 * ```ts
 * const r = new EpisodeRecorder('FactoryLine-v0', adapter, { path: 'ep.json.gz' });
 * r.begin(0, info); r.step(reward, info, terminated, truncated);
 * ```
 */
export class EpisodeRecorder {
  private frames: Frame[] = [];
  private header: RecordingHeader | null = null;
  private steps = 0;
  private total = 0;
  private sinceFrame = 0;
  private lastMetrics: Record<string, number> = {};
  private episode = 0;
  private active = false;
  /** Explanations of decisions since the last frame, by agent key (the last one per key). */
  private pending: Record<string, FrameExplanation> | null = null;
  readonly every: number;
  /** Path of the last file written. */
  lastPath: string | null = null;

  constructor(private readonly envId: string, private adapter: SceneAdapter, private readonly opts: RecordOptions) {
    this.every = opts.every ?? 1;
    if (!Number.isInteger(this.every) || this.every < 1) throw new RangeError(`RecordEpisode every must be a positive integer, got ${String(opts.every)}`);
  }

  /** Reads another env from now on (e.g. after DomainRandomization rebuilt the inner env at reset). */
  setAdapter(adapter: SceneAdapter): void {
    this.adapter = adapter;
  }

  /** Starts an episode (call right after reset); finishes a previous unfinished one first. */
  begin(seed: number | null, info: Info | undefined): void {
    if (this.active) this.finish(false, false);
    this.active = true;
    this.steps = 0;
    this.total = 0;
    this.sinceFrame = 0;
    this.frames = [];
    this.pending = null;
    const drawn = info?.randomization;
    const ex = this.opts.explain;
    this.header = {
      format: 'tsgym-episode',
      version: ex === undefined ? 1 : 2,
      env: this.envId,
      kwargs: this.opts.kwargs ?? {},
      seed,
      policy: this.opts.policy ?? 'unknown',
      every: this.every,
      ...(drawn !== null && typeof drawn === 'object' ? { randomization: drawn as Record<string, unknown> } : {}),
      ...(ex === undefined ? {} : { explain: ex }),
      scene: this.adapter.scene(),
    };
    this.opts.live?.start(this.header);
    this.take(info);
  }

  /**
   * The explanation of the decision about to be applied by the next `step` (agent key: intersection id,
   * machine id, `release` or `agent`); it goes into the next frame taken. Needs `opts.explain`.
   */
  explain(key: string, e: FrameExplanation): void {
    if (!this.active) return;
    if (this.opts.explain === undefined) throw new RangeError('EpisodeRecorder.explain needs opts.explain (the feature names and action labels)');
    this.pending ??= {};
    Object.defineProperty(this.pending, key, { value: e, enumerable: true, writable: true, configurable: true });
  }

  /** Records one step's reward; takes a frame every `every` steps and at the end; finishes when done. */
  step(reward: number, info: Info | undefined, terminated: boolean, truncated: boolean): void {
    if (!this.active) return;
    this.steps++;
    this.total += reward;
    this.sinceFrame += reward;
    if (this.steps % this.every === 0 || terminated || truncated) this.take(info);
    if (terminated || truncated) this.finish(terminated, truncated);
  }

  private take(info: Info | undefined): void {
    const m = { ...(info ? metricsOf(info) : this.lastMetrics), ...(this.adapter.metrics?.() ?? {}) };
    this.lastMetrics = m;
    const f: Frame = {
      ...this.adapter.frame(),
      step: this.steps,
      reward: this.sinceFrame,
      metrics: perFrame(m),
      ...(this.pending === null ? {} : { explanations: this.pending }),
    };
    this.sinceFrame = 0;
    this.pending = null;
    this.frames.push(f);
    this.opts.live?.frame(f);
  }

  /** Ends the episode: builds the recording, writes it atomically, streams the summary. */
  finish(terminated: boolean, truncated: boolean): Recording | null {
    if (!this.active || !this.header) return null;
    this.active = false;
    if (this.frames[this.frames.length - 1]?.step !== this.steps) this.take(undefined);
    const frames = this.adapter.replay?.() ?? this.frames;
    const first = frames[0]?.t ?? 0;
    const last = frames[frames.length - 1]?.t ?? first;
    const schedule = this.adapter.schedule?.();
    const summary: EpisodeSummary = {
      steps: this.steps,
      frames: frames.length,
      totalReward: this.total,
      duration: Math.max(0, last - first),
      terminated,
      truncated,
      metrics: this.lastMetrics,
      ...(schedule ? { schedule } : {}),
    };
    const rec: Recording = { ...this.header, frames, summary };
    this.opts.live?.end(summary);
    if (this.opts.path) {
      const p = this.opts.path.replace('{episode}', String(this.episode));
      writeRecording(p, rec);
      this.lastPath = p;
    }
    this.episode++;
    this.opts.onRecording?.(rec);
    return rec;
  }
}
