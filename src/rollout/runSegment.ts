/**
 * The segment task of RolloutPool worker threads (local, or in `tsgym worker` on Redis): plays `numSteps`
 * steps of env instances of a training run with a stochastic network policy, continuing each instance's
 * episode by replaying its actions from the episode's seeded reset. Everything is seeded from the run
 * seed, the instance and the update, so a segment is the same whichever thread or machine plays it.
 * @packageDocumentation
 */
import type { Env } from '../core/Env.js';
import { isParallelEnv, type ParallelEnv } from '../core/ParallelEnv.js';
import { InvalidConfig } from '../core/errors.js';
import { MlpPolicy } from '../policy/MlpPolicy.js';
import { make, makeParallel, spec } from '../registry/registry.js';
import { Rng } from '../rng/Rng.js';
import { Box } from '../spaces/Box.js';
import { Discrete } from '../spaces/Discrete.js';
import { MultiDiscrete } from '../spaces/MultiDiscrete.js';
import type { Space } from '../spaces/Space.js';
import { flatDim, flatten } from '../spaces/flatten.js';
import { loadWorkerModules } from '../vector/loadWorkerModules.js';
import type { RolloutTaskError } from './rolloutTask.js';
import { ActorQ, actorPriorities } from './actorPriorities.js';
import { actionSeed, episodeSeed, type InstanceSegment, type InstanceState, type SegmentTask } from './segment.js';

type AnyEnv = Env<any, any> | ParallelEnv<string, any, any>;

let cached: { key: string; env: AnyEnv } | undefined;

/** The env of the task's (env, kwargs), built once per thread and reused (every instance starts from a seeded reset). */
export function segmentEnv(task: SegmentTask): AnyEnv {
  if (cached?.key === task.key) return cached.env;
  if (cached !== undefined) cached.env.close();
  cached = undefined;
  const env = spec(task.envId).parallel ? makeParallel(task.envId, task.kwargs) : make(task.envId, task.kwargs);
  cached = { key: task.key, env };
  return env;
}

/** Forgets the cached env (after an error it may be mid-step). */
export function dropSegmentEnv(): void {
  try {
    cached?.env.close();
  } catch {
    // already broken
  }
  cached = undefined;
}

/** The env's view as columns: one per agent of a ParallelEnv (possibleAgents order), one for a single env. */
interface Columns {
  readonly agents: readonly string[] | null;
  readonly obsSpace: Space<unknown>;
  readonly actSpace: Space<unknown>;
  reset(seed: number): Record<string, unknown> | unknown;
  step(actions: unknown[]): { obs: unknown; rewards: number[]; terms: boolean[]; truncs: boolean[] };
}

function columnsOf(env: AnyEnv): Columns {
  if (!isParallelEnv(env)) {
    const e = env as Env<any, any>;
    return {
      agents: null, obsSpace: e.observationSpace, actSpace: e.actionSpace,
      reset: (seed) => e.reset({ seed })[0],
      step: ([a]) => {
        const [o, r, te, tr] = e.step(a);
        return { obs: o, rewards: [r], terms: [te], truncs: [tr] };
      },
    };
  }
  const p = env;
  const agents = [...p.possibleAgents];
  const first = agents[0];
  if (first === undefined) throw new InvalidConfig('ParallelEnv has no possible agents');
  return {
    agents, obsSpace: p.observationSpace(first), actSpace: p.actionSpace(first),
    reset: (seed) => p.reset({ seed })[0],
    step: (acts) => {
      const dict: Record<string, unknown> = {};
      agents.forEach((a, i) => (dict[a] = acts[i]));
      const [o, r, te, tr] = p.step(dict);
      const out = { obs: o, rewards: agents.map((a) => r[a] ?? 0), terms: agents.map((a) => te[a] === true), truncs: agents.map((a) => tr[a] === true) };
      const ended = agents.filter((_a, i) => out.terms[i] || out.truncs[i]).length;
      if (ended > 0 && ended < agents.length)
        throw new InvalidConfig(`Parameter-shared training needs all agents to end together: ${ended} of ${agents.length} agents ended this step`);
      return out;
    },
  };
}

/** Width of a flat action of `space`. */
function actionWidth(space: Space<unknown>): number {
  if (space instanceof Discrete) return 1;
  if (space instanceof MultiDiscrete) return space.nvec.length;
  if (space instanceof Box) return space.size;
  throw new InvalidConfig(`Segment collection needs a Discrete, MultiDiscrete or Box action space, got ${space.toString()}`);
}

/** The env's action for flat action `a[off .. off + width)` (Box clipped to its bounds). */
function envAction(space: Space<unknown>, a: ArrayLike<number>, off: number): unknown {
  if (space instanceof Discrete) return a[off];
  if (space instanceof MultiDiscrete) return Int32Array.from({ length: space.nvec.length }, (_v, i) => a[off + i]);
  const box = space as Box;
  return Float32Array.from({ length: box.size }, (_v, i) => Math.min(Math.max(a[off + i], box.low[i]), box.high[i]));
}

/** Samples a flat action from the network outputs `y` as the learner's ActorCritic does (softmax by inverse CDF; Gaussian unclipped). */
function sample(space: Space<unknown>, y: Float64Array, logStd: readonly number[] | undefined, rng: Rng, out: Float32Array, off: number): void {
  if (space instanceof Box) {
    for (let k = 0; k < space.size; k++) out[off + k] = y[k] + Math.exp(logStd?.[k] ?? 0) * rng.normal();
    return;
  }
  const nvec = space instanceof Discrete ? [space.n] : Array.from((space as MultiDiscrete).nvec);
  let base = 0;
  nvec.forEach((m, k) => {
    let max = Number.NEGATIVE_INFINITY;
    let best = 0;
    for (let j = 0; j < m; j++) if (y[base + j] > max) { max = y[base + j]; best = j; }
    let sum = 0;
    for (let j = 0; j < m; j++) sum += Math.exp(y[base + j] - max);
    let u = rng.random() * sum;
    let choice = best;
    for (let j = 0; j < m; j++) {
      u -= Math.exp(y[base + j] - max);
      if (u < 0) { choice = j; break; }
    }
    out[off + k] = choice;
    base += m;
  });
}

/** An Ape-X actor's action: uniform with probability `epsilon` (drawn first, always), else the Q network's greedy (masked) action. */
function epsilonGreedy(space: Space<unknown>, q: MlpPolicy, obs: unknown, epsilon: number, rng: Rng): number {
  if (!(space instanceof Discrete)) throw new InvalidConfig(`Epsilon-greedy actors need a Discrete action space, got ${space.toString()}`);
  if (rng.random() < epsilon) return rng.integers(0, space.n);
  return (q.act(obs, {}) as number) - space.start;
}

/** The epsilon of instance `st` of the task (its own of `epsilons`, else the task's), or undefined for a policy network's sampled actions. */
function instanceEpsilon(task: SegmentTask, st: InstanceState): number | undefined {
  if (task.epsilons === undefined) return task.epsilon;
  const e = task.epsilons[task.instances.indexOf(st)];
  if (e === undefined) throw new InvalidConfig(`Segment task gives ${task.epsilons.length} epsilons for ${task.instances.length} instances`);
  return e;
}

/** Writes the flat observation of each column into `out` and the env's own into `raw` (agents absent from a ParallelEnv's obs keep their last one). */
function writeObs(cols: Columns, obs: unknown, out: Float32Array, dim: number, raw: unknown[]): void {
  if (cols.agents === null) {
    out.set(flatten(cols.obsSpace, obs));
    raw[0] = obs;
    return;
  }
  const dict = obs as Record<string, unknown>;
  cols.agents.forEach((a, i) => {
    if (!(a in dict)) return;
    out.set(flatten(cols.obsSpace, dict[a]), i * dim);
    raw[i] = dict[a];
  });
}

/**
 * Plays the task's segment for one instance: its episode continued (reset with the episode's seed, the
 * prefix replayed), then `numSteps` steps under the network.
 */
export function playInstance(task: SegmentTask, env: AnyEnv, policy: MlpPolicy, st: InstanceState): InstanceSegment {
  const cols = columnsOf(env);
  const c = cols.agents?.length ?? 1;
  const od = flatDim(cols.obsSpace);
  const ad = actionWidth(cols.actSpace);
  const T = task.numSteps;
  const seg: InstanceSegment = {
    instance: st.instance, columns: c, obsDim: od, actDim: ad,
    obs: new Float32Array(T * c * od), actions: new Float32Array(T * c * ad), rewards: new Float64Array(T * c),
    terms: new Uint8Array(T * c), truncs: new Uint8Array(T * c), valid: new Uint8Array(T * c), lastObs: new Float32Array(c * od),
  };
  const cur = seg.lastObs;
  const raw: unknown[] = new Array<unknown>(c);
  let episode = st.episode;
  let pending = st.pendingReset;
  if (!pending) {
    writeObs(cols, cols.reset(episodeSeed(task.seed, st.instance, episode)), cur, od, raw);
    const width = c * ad;
    if (st.prefix.length % width !== 0) throw new InvalidConfig(`Segment prefix of ${st.prefix.length} numbers is not whole steps of ${width}`);
    for (let off = 0; off < st.prefix.length; off += width) {
      const r = cols.step(Array.from({ length: c }, (_v, i) => envAction(cols.actSpace, st.prefix, off + i * ad)));
      if (r.terms.some(Boolean) || r.truncs.some(Boolean))
        throw new InvalidConfig(`Replaying episode ${episode} of instance ${st.instance} ended it early: is ${task.envId} deterministic given its seed?`);
      writeObs(cols, r.obs, cur, od, raw);
    }
  }
  const rng = new Rng(actionSeed(task.seed, st.instance, task.update));
  const epsilon = instanceEpsilon(task, st);
  const logStd = policy.network.logStd;
  const q = task.priorities !== undefined && epsilon !== undefined ? new ActorQ(T, c, policy, cols.actSpace) : undefined;
  for (let t = 0; t < T; t++) {
    const row = t * c;
    if (pending) {
      // the reset row of next-step autoreset: the final observation (the caller's for t = 0), no transition
      if (t > 0) seg.obs.set(cur, row * od);
      if (q !== undefined && t > 0) for (let i = 0; i < c; i++) q.value[row + i] = q.greedyValue(raw[i]);
      episode++;
      writeObs(cols, cols.reset(episodeSeed(task.seed, st.instance, episode)), cur, od, raw);
      pending = false;
      continue;
    }
    seg.obs.set(cur, row * od);
    const acts: unknown[] = [];
    for (let i = 0; i < c; i++) {
      if (epsilon === undefined) sample(cols.actSpace, policy.forward(raw[i]), logStd, rng, seg.actions, (row + i) * ad);
      else {
        seg.actions[(row + i) * ad] = epsilonGreedy(cols.actSpace, policy, raw[i], epsilon, rng);
        q?.record(row + i, raw[i], seg.actions[(row + i) * ad]);
      }
      acts.push(envAction(cols.actSpace, seg.actions, (row + i) * ad));
    }
    const r = cols.step(acts);
    for (let i = 0; i < c; i++) {
      seg.valid[row + i] = 1;
      seg.rewards[row + i] = r.rewards[i];
      seg.terms[row + i] = r.terms[i] ? 1 : 0;
      seg.truncs[row + i] = r.truncs[i] ? 1 : 0;
    }
    pending = r.terms.some(Boolean) || r.truncs.some(Boolean);
    writeObs(cols, r.obs, cur, od, raw);
  }
  if (q === undefined || task.priorities === undefined) return seg;
  for (let i = 0; i < c; i++) q.last[i] = q.greedyValue(raw[i]);
  return { ...seg, priorities: actorPriorities(seg, q, task.priorities) };
}

/** What a segment task returns: one segment per instance, or the first error. */
export type SegmentTaskResult = { readonly ok: true; readonly segments: InstanceSegment[] } | { readonly ok: false; readonly error: RolloutTaskError };

function segmentFailure(e: unknown, episode: number, seed: number | undefined): SegmentTaskResult {
  const err = e instanceof Error ? e : new Error(String(e));
  const retryable = (err as { retryable?: unknown }).retryable === true;
  return {
    ok: false,
    error: { name: err.name, message: err.message, stack: err.stack ?? `${err.name}: ${err.message}`, episode, seed, ...(retryable ? { retryable } : {}) },
  };
}

/**
 * Plays a segment task (every instance it lists) in this thread.
 *
 * @example
 * ```ts
 * const r = await runSegmentTask({ envId: 'CartPole-v1', kwargs: {}, seed: 1, update: 0, numSteps: 32, instances: [st], network, key: 'k', modules: [] });
 * ```
 */
export async function runSegmentTask(task: SegmentTask): Promise<SegmentTaskResult> {
  let env: AnyEnv;
  let policy: MlpPolicy;
  try {
    await loadWorkerModules(import.meta.url, task.modules);
    env = segmentEnv(task);
    policy = new MlpPolicy(task.network, { deterministic: true });
  } catch (e) {
    return segmentFailure(e, -1, undefined);
  }
  const segments: InstanceSegment[] = [];
  for (const st of task.instances) {
    try {
      segments.push(playInstance(task, env, policy, st));
    } catch (e) {
      dropSegmentEnv();
      return segmentFailure(e, st.episode, episodeSeed(task.seed, st.instance, st.episode));
    }
  }
  return { ok: true, segments };
}
