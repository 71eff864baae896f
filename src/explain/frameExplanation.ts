import type { Explanation, MlpExplainer } from './MlpExplainer.js';

/**
 * The explanation of one decision as a recording frame carries it (plain JSON, numbers rounded to
 * `digits` significant digits). Feature names are not repeated per frame: they are the explainer's
 * `featureNames`, stored once in the recording (see docs/production.md).
 */
export interface FrameExplanation {
  /** The action taken. */
  readonly action: number | number[];
  /** `q` (action values), `probs` (probabilities) or `mean` (Box action means). */
  readonly kind: 'q' | 'probs' | 'mean';
  /** One value per action (per sub-action entry, concatenated for MultiDiscrete). */
  readonly values: number[];
  /** The explained outputs: the chosen action's (one per sub-action; one per dimension for Box). */
  readonly outputs: { readonly output: number; readonly value: number; readonly baseline: number; readonly attribution: number[] }[];
}

function round(v: number, digits: number): number {
  return v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(digits));
}

/**
 * Turns an `Explanation` into the compact frame form.
 *
 * @example
 * ```ts
 * toFrameExplanation(explainer.explain(obs));
 * // { action: 1, kind: 'q', values: [0.31, 0.77], outputs: [{ output: 1, value: 0.77, baseline: 0.2, attribution: [...] }] }
 * ```
 */
export function toFrameExplanation(e: Explanation, digits = 4): FrameExplanation {
  return {
    action: e.action,
    kind: e.kind,
    values: e.values.map((v) => round(v, digits)),
    outputs: e.outputs.map((o) => ({
      output: o.output,
      value: round(o.value, digits),
      baseline: round(o.baseline, digits),
      attribution: Array.from(o.attribution, (v) => round(v, digits)),
    })),
  };
}

/**
 * Explains one decision per agent (a single-agent env: `{ agent: obs }`), in the frame form: what a
 * recorder puts in `frame.explanations` for the step whose action these observations chose.
 *
 * @example
 * ```ts
 * frame.explanations = frameExplanations(explainer, { J0: obs.J0, J1: obs.J1 });
 * ```
 */
export function frameExplanations(explainer: MlpExplainer, obsByAgent: Readonly<Record<string, unknown>>, digits = 4): Record<string, FrameExplanation> {
  const out: Record<string, FrameExplanation> = {};
  for (const agent of Object.keys(obsByAgent)) {
    Object.defineProperty(out, agent, {
      value: toFrameExplanation(explainer.explain(obsByAgent[agent]), digits),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
