import type { Info } from '../core/types.js';
import type { Policy } from '../policy/Policy.js';
import { Box } from '../spaces/Box.js';
import { allocArray, type TypedArray } from '../spaces/dtypes.js';
import { MlpExplainer, type Explanation, type MlpExplainerOptions } from './MlpExplainer.js';
import { toFrameExplanation, type FrameExplanation } from './frameExplanation.js';

/**
 * A deterministic network policy that explains every decision it makes: `act` returns the same action
 * as `new MlpPolicy(network)` and keeps the explanation in `last` (and `lastFrame()` in the recording
 * frame form), so a recorder can attach it to the frame of the step the action is applied in.
 *
 * @example
 * ```ts
 * const policy = new ExplainingPolicy(JSON.parse(readFileSync('runs/dqn/policy.json', 'utf8')));
 * const a = policy.act(obs, info);
 * policy.lastFrame(); // { action: a, kind: 'q', values: [...], outputs: [{ attribution: [...] }] }
 * ```
 */
export class ExplainingPolicy implements Policy<unknown, number | TypedArray> {
  readonly name: string;
  readonly explainer: MlpExplainer;
  /** The explanation of the last `act`. */
  last: Explanation | undefined = undefined;

  constructor(network: unknown, opts: MlpExplainerOptions = {}) {
    this.explainer = new MlpExplainer(network, opts);
    this.name = `mlp-${this.explainer.network.output}-explained`;
  }

  act(obs: unknown, _info: Info): number | TypedArray {
    this.last = this.explainer.explain(obs);
    const a = this.last.action;
    if (typeof a === 'number') return a;
    const space = this.explainer.actionSpace;
    const out = space instanceof Box ? allocArray(space.dtype, a.length) : new Int32Array(a.length);
    out.set(a);
    return out;
  }

  /** The last explanation in the frame form, or undefined before the first `act`. */
  lastFrame(digits = 4): FrameExplanation | undefined {
    return this.last === undefined ? undefined : toFrameExplanation(this.last, digits);
  }
}
