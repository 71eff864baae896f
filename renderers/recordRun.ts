import type { Env } from '../src/core/Env.js';
import type { ParallelEnv } from '../src/core/ParallelEnv.js';
import type { Info } from '../src/core/types.js';
import { resolvePolicy } from '../src/eval/resolvePolicy.js';
import type { Policy } from '../src/policy/Policy.js';
import { policyFromSpec } from '../src/rollout/policyFromSpec.js';
import { make, makeParallel, spec } from '../src/registry/registry.js';
import type { Recording } from './format/types.js';
import type { LiveSink } from './server/LiveChannel.js';
import { RecordEpisode } from './RecordEpisode.js';
import { RecordParallelEpisode } from './RecordParallelEpisode.js';

/** Options of `recordRun`. */
export interface RecordRunOptions {
  readonly env: string;
  readonly kwargs?: Record<string, unknown>;
  /** A registered baseline name or a run directory (`policy.json`). */
  readonly policy: string;
  readonly seed: number;
  /** Output file (`.gz` = gzip); omit to only stream/return. */
  readonly out?: string;
  readonly every?: number;
  /** Stop after this many steps (the episode is written as unfinished). */
  readonly maxSteps?: number;
  readonly live?: LiveSink;
}

function policyFor(arg: string, envId: string, env: Env<any, any> | ParallelEnv<string, any, any>): Policy<any, any> {
  return policyFromSpec(resolvePolicy(arg, envId), envId, env);
}

/**
 * Runs one episode of a registered env (single- or multi-agent) with a baseline or trained policy under
 * RecordEpisode and returns the recording (also written to `out`). What `tsgym record` does.
 *
 * @example
 * ```ts
 * const rec = recordRun({ env: 'JobShop-v0', kwargs: { instance: 'ft06' }, policy: 'spt', seed: 0, out: 'ft06.json' });
 * ```
 */
export function recordRun(o: RecordRunOptions): Recording {
  const kwargs = o.kwargs ?? {};
  let rec: Recording | null = null;
  const ropts = { path: o.out, every: o.every, policy: o.policy, kwargs, live: o.live, onRecording: (r: Recording) => (rec = r) };
  const limit = o.maxSteps ?? Number.POSITIVE_INFINITY;
  if (spec(o.env).parallel) {
    const env = new RecordParallelEpisode(makeParallel(o.env, kwargs), ropts);
    const policy = policyFor(o.policy, o.env, env.env);
    policy.reset?.(o.seed);
    let [obs, infos] = env.reset({ seed: o.seed });
    for (let i = 0; i < limit && env.agents.length > 0; i++) {
      const r = env.step(policy.act(obs, infos as unknown as Info));
      obs = r[0];
      infos = r[4];
    }
    env.close();
  } else {
    const env = new RecordEpisode(make(o.env, kwargs), ropts);
    const policy = policyFor(o.policy, o.env, env.env);
    policy.reset?.(o.seed);
    let [obs, info] = env.reset({ seed: o.seed });
    for (let i = 0; i < limit; i++) {
      const [o2, , term, trunc, inf] = env.step(policy.act(obs, info));
      obs = o2;
      info = inf;
      if (term || trunc) break;
    }
    env.close();
  }
  if (rec === null) throw new Error(`recordRun: ${o.env} produced no recording`);
  return rec;
}
