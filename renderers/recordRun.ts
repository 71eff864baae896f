import { InvalidConfig } from '../src/core/errors.js';
import { resolvePolicy } from '../src/eval/resolvePolicy.js';
import { ExplainingPolicy } from '../src/explain/ExplainingPolicy.js';
import { toFrameExplanation, type FrameExplanation } from '../src/explain/frameExplanation.js';
import type { Explanation } from '../src/explain/MlpExplainer.js';
import type { Policy } from '../src/policy/Policy.js';
import { make, makeParallel, spec } from '../src/registry/registry.js';
import { policyFromSpec } from '../src/rollout/policyFromSpec.js';
import { Box } from '../src/spaces/Box.js';
import { explainHeaderFor, explainKey } from './explainNames.js';
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
  /**
   * Record explanations of a learned policy's decisions (action values or probabilities and gradient x
   * input attributions; a version-2 recording). Default true for a run directory; baselines and
   * ensembles have none.
   */
  readonly explain?: boolean;
}

/** Significant digits of recorded action values (probabilities, q-values) and of attributions. */
export const VALUE_DIGITS = 6;
const ATTRIBUTION_DIGITS = 4;

/** The frame form of an explanation: values to VALUE_DIGITS, attributions to 4 significant digits. */
function compact(e: Explanation): FrameExplanation {
  const values = toFrameExplanation(e, VALUE_DIGITS);
  const attr = toFrameExplanation(e, ATTRIBUTION_DIGITS);
  return { ...values, outputs: values.outputs.map((o, j) => ({ ...o, attribution: attr.outputs[j]?.attribution ?? o.attribution })) };
}

/**
 * Runs one episode of a registered env (single- or multi-agent) with a baseline or trained policy under
 * RecordEpisode and returns the recording (also written to `out`). What `tsgym record` does. A trained
 * policy (run directory) acts deterministically and each decision is explained in the frames
 * (`frame.explanations`, version 2; see docs/production.md); a multi-agent env runs it on every agent
 * (parameter sharing).
 *
 * @example
 * ```ts
 * const rec = recordRun({ env: 'JobShop-v0', kwargs: { instance: 'ft06' }, policy: 'spt', seed: 0, out: 'ft06.json' });
 * ```
 */
export function recordRun(o: RecordRunOptions): Recording {
  const kwargs = o.kwargs ?? {};
  let rec: Recording | null = null;
  const limit = o.maxSteps ?? Number.POSITIVE_INFINITY;
  const pspec = resolvePolicy(o.policy, o.env);
  // a run directory's network is explained (ExplainingPolicy acts exactly as the deterministic MlpPolicy)
  const network = typeof pspec !== 'string' && pspec.kind === 'mlp' && (o.explain ?? true) ? pspec.network : undefined;
  const ropts = { path: o.out, every: o.every, policy: o.policy, kwargs, live: o.live, onRecording: (r: Recording) => (rec = r) };
  if (spec(o.env).parallel) {
    const inner = makeParallel(o.env, kwargs);
    const explainer = network === undefined ? undefined : new ExplainingPolicy(network);
    const env = new RecordParallelEpisode(inner, { ...ropts, ...(explainer ? { explain: explainHeaderFor(inner.unwrapped, explainer.explainer) } : {}) });
    const policy = explainer === undefined ? policyFromSpec(pspec, o.env, env.env) : undefined;
    policy?.reset?.(o.seed);
    if (explainer !== undefined) {
      // parameter sharing: every agent acts with the one network on its own observation
      const size = explainer.explainer.inputs.size;
      for (const a of inner.possibleAgents) {
        const sp = inner.observationSpace(a);
        if (sp instanceof Box && sp.size !== size)
          throw new InvalidConfig(`Policy '${o.policy}' takes ${size} observation features, but agent '${a}' of ${o.env} observes ${sp.size}`);
      }
    }
    let [obs, infos] = env.reset({ seed: o.seed });
    for (let i = 0; i < limit && env.agents.length > 0; i++) {
      let actions: Record<string, unknown>;
      if (explainer === undefined) actions = (policy as Policy<unknown, unknown>).act(obs, infos) as Record<string, unknown>;
      else {
        actions = {};
        for (const a of env.agents) {
          Object.defineProperty(actions, a, { value: explainer.act(obs[a], {}), enumerable: true, writable: true, configurable: true });
          if (explainer.last) env.recorder.explain(a, compact(explainer.last));
        }
      }
      const r = env.step(actions);
      obs = r[0];
      infos = r[4];
    }
    env.close();
  } else {
    const inner = make(o.env, kwargs);
    const explainer = network === undefined ? undefined : new ExplainingPolicy(network);
    const env = new RecordEpisode(inner, { ...ropts, ...(explainer ? { explain: explainHeaderFor(inner.unwrapped, explainer.explainer) } : {}) });
    const policy: Policy<unknown, unknown> = explainer ?? policyFromSpec(pspec, o.env, env.env);
    policy.reset?.(o.seed);
    let [obs, info] = env.reset({ seed: o.seed });
    for (let i = 0; i < limit; i++) {
      const action = policy.act(obs, info);
      if (explainer?.last) env.recorder.explain(explainKey(env.unwrapped, info), compact(explainer.last));
      const [o2, , term, trunc, inf] = env.step(action);
      obs = o2;
      info = inf;
      if (term || trunc) break;
    }
    env.close();
  }
  if (rec === null) throw new Error(`recordRun: ${o.env} produced no recording`);
  return rec;
}
