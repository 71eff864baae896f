import { InvalidConfig, WorkerError } from '../core/errors.js';
import type { SerializedMlp } from '../policy/MlpPolicy.js';
import type { RolloutPool } from './RolloutPool.js';
import type { InstanceSegment, InstanceState, SegmentWork } from './segment.js';

/** Options of `SegmentCollector`. */
export interface SegmentCollectorOptions {
  envId: string;
  kwargs?: Record<string, unknown>;
  /** The run seed (episode seeds and action streams derive from it). */
  seed: number;
  /** Env instances (a ParallelEnv instance gives one column per agent). */
  instances: number;
  /** Instances per job (default 1: one job per instance and update). */
  instancesPerJob?: number;
  /**
   * Groups of `instances` env instances that take turns, update `u` playing group `u % groups` (default 1):
   * with `groups = lag + 1`, the updates of `lag` groups can be played at once while the learner learns
   * (DQN's pipelined actors), since an update needs the end of its group's previous update only.
   */
  groups?: number;
}

/** The epsilon of epsilon-greedy actors: one for all, or per actor (instance id `actor` of `actors` in all groups). */
export type ActorEpsilon = number | ((actor: number, actors: number) => number);

/**
 * One update's experience from every column: rows `[t][column]` as an on-policy agent's rollout buffer
 * holds them (next-step autoreset: the reset row after an episode's end has `valid = 0` and the final
 * observation), and the observation after the last row.
 */
export interface CollectedSegment {
  readonly numSteps: number;
  readonly numColumns: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: Float64Array;
  readonly terms: Uint8Array;
  readonly truncs: Uint8Array;
  readonly valid: Uint8Array;
  readonly lastObs: Float32Array;
  /** Each row's initial priority, when asked for (`collect`'s `priorities`). */
  readonly priorities?: Float64Array;
}

/** `collect`'s options for epsilon-greedy actors on a Q network. */
export interface ActorOptions {
  readonly epsilon?: ActorEpsilon;
  /** Also compute each row's initial priority for prioritized replay (`|n-step TD error|` under the network). */
  readonly priorities?: { readonly gamma: number; readonly nStep: number };
}

interface Instance {
  episode: number;
  prefix: number[];
  pendingReset: boolean;
  /** The observation after the last segment, per column (the final one when `pendingReset`). */
  lastObs: Float32Array | undefined;
}

/**
 * On-policy experience collection on a RolloutPool (local threads, or `tsgym worker` processes on Redis):
 * each `collect` plays `numSteps` steps of every env instance with the given network, as jobs of a few
 * instances, and stitches the rows together. Episodes run on across updates: an instance's state between
 * updates is its episode number and the actions taken since that episode's seeded reset, and a job
 * replays them, so no worker keeps state and any worker may take any job. Every seed derives from the
 * run seed, the instance and the update: the experience is the same on any number of workers, on threads
 * or on Redis.
 *
 * @example
 * ```ts
 * const col = new SegmentCollector(pool, { envId: 'CartPole-v1', seed: 1, instances: 8 });
 * const seg = await col.collect(agent.exportPolicy(), 32); // 32 x 8 rows
 * ```
 */
export class SegmentCollector {
  /** Updates collected (or being collected) so far (part of every job: its action streams). */
  update = 0;
  /** Groups of instances taking turns (see {@link SegmentCollectorOptions.groups}). */
  readonly groups: number;
  private readonly instances: Instance[];
  private readonly perJob: number;
  private readonly busy: boolean[];

  constructor(private readonly pool: RolloutPool, private readonly opts: SegmentCollectorOptions) {
    if (!Number.isInteger(opts.instances) || opts.instances < 1)
      throw new InvalidConfig(`SegmentCollector: instances must be a positive integer, got ${opts.instances}`);
    this.groups = opts.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups < 1) throw new InvalidConfig(`SegmentCollector: groups must be a positive integer, got ${opts.groups}`);
    this.perJob = opts.instancesPerJob ?? 1;
    this.instances = Array.from({ length: opts.instances * this.groups }, () => ({ episode: 0, prefix: [], pendingReset: false, lastObs: undefined }));
    this.busy = new Array<boolean>(this.groups).fill(false);
  }

  /**
   * Plays `numSteps` steps of every instance of the update's group under `network` and returns the rows:
   * actions sampled from a policy network, or with `epsilon`, epsilon-greedy on a Q network (DQN's actors).
   * Updates of different groups may be collected at once; the update number is taken when called.
   */
  async collect(network: SerializedMlp, numSteps: number, options: ActorOptions = {}): Promise<CollectedSegment> {
    const update = this.update;
    const group = update % this.groups;
    if (this.busy[group])
      throw new InvalidConfig(
        `SegmentCollector: update ${update} needs group ${group}, whose update ${update - this.groups} is still being played (groups: ${this.groups})`,
      );
    this.busy[group] = true;
    this.update++;
    try {
      const segs = (await this.pool.runSegments(this.works(update, group, numSteps, options), network)).flat();
      return this.stitch(segs, numSteps, group);
    } finally {
      this.busy[group] = false;
    }
  }

  /** The jobs of one update: the group's instances, `perJob` at a time, with their states. */
  private works(update: number, group: number, numSteps: number, { epsilon, priorities }: ActorOptions): SegmentWork[] {
    const n = this.opts.instances;
    const works: SegmentWork[] = [];
    for (let first = group * n; first < (group + 1) * n; first += this.perJob) {
      const states: InstanceState[] = [];
      for (let i = first; i < Math.min(first + this.perJob, (group + 1) * n); i++) {
        const s = this.instances[i];
        states.push({ instance: i, episode: s.episode, prefix: s.prefix, pendingReset: s.pendingReset });
      }
      const eps = typeof epsilon === 'function'
        ? { epsilons: states.map((st) => epsilon(st.instance, this.instances.length)) }
        : epsilon !== undefined ? { epsilon } : {};
      const prio = priorities !== undefined && epsilon !== undefined ? { priorities } : {};
      works.push({ envId: this.opts.envId, kwargs: this.opts.kwargs ?? {}, seed: this.opts.seed, update, numSteps, instances: states, ...eps, ...prio });
    }
    return works;
  }

  private stitch(segs: readonly InstanceSegment[], T: number, group: number): CollectedSegment {
    const first = segs[0];
    const count = this.opts.instances;
    if (first === undefined || segs.length !== count)
      throw new WorkerError(`SegmentCollector: ${segs.length} segments for ${count} instances`);
    const { obsDim: od, actDim: ad } = first;
    const n = segs.reduce((a, s) => a + s.columns, 0);
    const out: CollectedSegment = {
      numSteps: T, numColumns: n, obs: new Float32Array(T * n * od), actions: new Float32Array(T * n * ad), rewards: new Float64Array(T * n),
      terms: new Uint8Array(T * n), truncs: new Uint8Array(T * n), valid: new Uint8Array(T * n), lastObs: new Float32Array(n * od),
      ...(first.priorities !== undefined ? { priorities: new Float64Array(T * n) } : {}),
    };
    let col = 0;
    segs.forEach((s, j) => {
      const k = group * count + j;
      const inst = this.instances[k];
      const c = s.columns;
      if (s.instance !== k || s.obsDim !== od || s.actDim !== ad || s.obs.length !== T * c * od)
        throw new WorkerError(`SegmentCollector: the segment of instance ${k} does not fit the others (${T} steps of ${od} observations)`);
      for (let t = 0; t < T; t++) {
        const row = t * n + col;
        out.obs.set(s.obs.subarray(t * c * od, (t + 1) * c * od), row * od);
        out.actions.set(s.actions.subarray(t * c * ad, (t + 1) * c * ad), row * ad);
        for (let i = 0; i < c; i++) {
          const j = t * c + i;
          out.rewards[row + i] = s.rewards[j];
          if (out.priorities !== undefined) out.priorities[row + i] = s.priorities?.[j] ?? 0;
          out.terms[row + i] = s.terms[j];
          out.truncs[row + i] = s.truncs[j];
          out.valid[row + i] = s.valid[j];
        }
        if (s.valid[t * c] === 0) {
          // the reset row: its observation is the final one (the previous segment's last, at t = 0)
          if (t === 0 && inst.lastObs !== undefined) out.obs.set(inst.lastObs, row * od);
          inst.episode++;
          inst.prefix = [];
          inst.pendingReset = false;
          continue;
        }
        for (let j = t * c * ad; j < (t + 1) * c * ad; j++) inst.prefix.push(s.actions[j]);
        if (s.terms[t * c] || s.truncs[t * c]) inst.pendingReset = true;
      }
      inst.lastObs = s.lastObs.slice();
      out.lastObs.set(s.lastObs, col * od);
      col += c;
    });
    return out;
  }
}
