import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InvalidFile } from '../core/errors.js';
import { MlpPolicy, type SerializedMlp } from '../policy/MlpPolicy.js';
import { Box } from '../spaces/Box.js';
import { Discrete } from '../spaces/Discrete.js';
import { MultiDiscrete } from '../spaces/MultiDiscrete.js';
import type { Space } from '../spaces/Space.js';
import { MlpExplainer } from '../explain/MlpExplainer.js';
import { NetworkInput } from '../explain/NetworkInput.js';
import { compileLayer, maskedArgmax, softmaxInto, type DenseLayer } from '../policy/mlpMath.js';

/** A layer for the batched pass: float32-rounded weights as float64, transposed to `[outSize][inSize]`. */
interface BatchLayer {
  readonly inSize: number;
  readonly outSize: number;
  readonly act: 0 | 1 | 2;
  readonly wt: Float64Array;
  readonly b: Float64Array;
}

function transposed(l: DenseLayer): BatchLayer {
  const wt = new Float64Array(l.inSize * l.outSize);
  for (let i = 0; i < l.inSize; i++) for (let j = 0; j < l.outSize; j++) wt[j * l.inSize + i] = l.w[i * l.outSize + j];
  return { inSize: l.inSize, outSize: l.outSize, act: l.act, wt, b: Float64Array.from(l.b) };
}

/** relu as `Math.max(0, v)` (NaN stays NaN) and tanh. */
function activate(act: 0 | 1 | 2, v: number): number {
  return act === 1 ? (v > 0 || v !== v ? v : 0) : act === 2 ? Math.tanh(v) : v;
}

/**
 * `y[r] = act(x[r] W + b)` for rows `0..rows-1`, four rows at a time: each weight is loaded once for four
 * requests and the four sums are independent (no serial add chain), about 1.6x faster per row than one
 * row at a time on the traffic-sized network. Every sum adds the same terms in the same order (bias,
 * then input 0, 1, ...) in float64 as `denseForward`, which skips zero inputs; adding `0 * w` (a zero)
 * to a sum leaves it unchanged, so the outputs are equal to MlpPolicy's.
 */
function forwardRows(l: BatchLayer, x: Float64Array, rows: number, y: Float64Array): void {
  const n = l.inSize;
  const m = l.outSize;
  const { wt, b, act } = l;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const x0 = r * n;
    const x1 = x0 + n;
    const x2 = x1 + n;
    const x3 = x2 + n;
    for (let j = 0; j < m; j++) {
      const bj = b[j];
      let s0 = bj;
      let s1 = bj;
      let s2 = bj;
      let s3 = bj;
      const o = j * n;
      for (let i = 0; i < n; i++) {
        const w = wt[o + i];
        s0 += (x[x0 + i]) * w;
        s1 += (x[x1 + i]) * w;
        s2 += (x[x2 + i]) * w;
        s3 += (x[x3 + i]) * w;
      }
      y[r * m + j] = activate(act, s0);
      y[(r + 1) * m + j] = activate(act, s1);
      y[(r + 2) * m + j] = activate(act, s2);
      y[(r + 3) * m + j] = activate(act, s3);
    }
  }
  for (; r < rows; r++) {
    const x0 = r * n;
    for (let j = 0; j < m; j++) {
      let s = b[j];
      const o = j * n;
      for (let i = 0; i < n; i++) s += (x[x0 + i]) * (wt[o + i]);
      y[r * m + j] = activate(act, s);
    }
  }
}

/**
 * The text and parsed JSON of a `policy.json`; InvalidFile naming the file when it cannot be read or parsed.
 *
 * @example
 * ```ts
 * const { text, data } = readPolicyJson('runs/dqn/policy.json');
 * ```
 */
export function readPolicyJson(file: string): { text: string; data: unknown } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidFile(`Cannot read policy network '${file}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return { text, data: JSON.parse(text) };
  } catch (e) {
    throw new InvalidFile(`Policy network '${file}' is not valid JSON: ${(e as Error).message}`);
  }
}

/** A model version: the first 12 hex digits of the SHA-256 of the file's text (equal files, equal versions). */
export function policyVersion(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** The answer for one observation. */
export interface Decision {
  /** A number (Discrete), an array (MultiDiscrete, Box). */
  readonly action: number | number[];
  /** q-values (`q`), probabilities (`logits`, softmax per sub-action) or the action mean (`gaussian`). */
  readonly values: number[];
}

/**
 * A network loaded for serving: validated by `MlpPolicy`'s rules, identified by `version` (the first 12
 * hex digits of the SHA-256 of its JSON text, so equal files have equal versions), with a batched
 * forward pass over preallocated typed arrays (four requests per weight load, see `forwardRows`): `writeInput` fills row `r` of the input matrix,
 * `forwardBatch(n)` runs the layers over rows `0..n-1`, `decide` turns an output row into the action.
 * Deterministic: argmax for `q`/`logits` (respecting a Dict `actionMask`), the mean for `gaussian`.
 *
 * @example
 * ```ts
 * const m = ServedModel.fromFile('runs/dqn/policy.json');
 * m.writeInput(obs, 0);
 * const out = m.forwardBatch(1);
 * m.decide(out, 0, obs); // { action: 1, values: [0.3, 0.9] }
 * ```
 */
export class ServedModel {
  readonly network: SerializedMlp;
  readonly version: string;
  readonly observationSpace: Space;
  readonly actionSpace: Space;
  readonly inputSize: number;
  readonly outputSize: number;
  /** Sizes of the sub-actions (one entry for Discrete, nvec for MultiDiscrete, [] for Box). */
  readonly segments: readonly number[];
  private readonly layers: BatchLayer[];
  /** How observations become network inputs (and the feature names). */
  readonly inputs: NetworkInput;
  private explainerCache: MlpExplainer | undefined;
  private capacity = 0;
  private input = new Float64Array(0);
  private bufs: Float64Array[] = [];

  constructor(network: unknown, version: string) {
    const p = new MlpPolicy(network); // validates shapes and spaces, with messages naming the field
    this.network = p.network;
    this.version = version;
    this.observationSpace = p.observationSpace;
    this.actionSpace = p.actionSpace;
    this.inputSize = p.inputSize;
    this.inputs = new NetworkInput(this.network, this.observationSpace);
    const act = this.actionSpace;
    this.segments = act instanceof Discrete ? [act.n] : act instanceof MultiDiscrete ? Array.from(act.nvec) : [];
    this.layers = this.network.layers.map((l) => transposed(compileLayer(l)));
    this.outputSize = this.layers[this.layers.length - 1]?.outSize ?? 0;
    this.ensureCapacity(16);
  }

  /** Reads and loads a `policy.json`; errors name the file. */
  static fromFile(file: string): ServedModel {
    const { text, data } = readPolicyJson(file);
    try {
      return new ServedModel(data, policyVersion(text));
    } catch (e) {
      throw new InvalidFile(`'${file}': ${(e as Error).message}`);
    }
  }

  /** The explainer of this network (built on first use). */
  get explainer(): MlpExplainer {
    return (this.explainerCache ??= new MlpExplainer(this.network));
  }

  /** Grows the batch buffers to hold `n` rows. */
  ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, this.capacity * 2);
    this.input = new Float64Array(cap * this.inputSize);
    this.bufs = this.layers.map((l) => new Float64Array(cap * l.outSize));
    this.capacity = cap;
  }

  /** The training-time normalised network input of `obs` (a parsed observation) into row `row`. */
  writeInput(obs: unknown, row: number): void {
    this.ensureCapacity(row + 1);
    this.inputs.write(obs, this.input, row * this.inputSize, true);
  }

  /** The flat, un-normalised network input of `obs` (for drift statistics). */
  rawInput(obs: unknown, out: Float64Array): void {
    this.inputs.write(obs, out, 0, false);
  }

  /** Runs the layers over input rows `0..n-1`; returns the output matrix `[n, outputSize]` (reused). */
  forwardBatch(n: number): Float64Array {
    let cur: Float64Array = this.input;
    for (let li = 0; li < this.layers.length; li++) {
      const out = this.bufs[li];
      forwardRows(this.layers[li], cur, n, out);
      cur = out;
    }
    return cur;
  }

  /** The action and values of output row `row` of `out`, for observation `obs` (its action mask). */
  decide(out: Float64Array, row: number, obs: unknown): Decision {
    const y = out.subarray(row * this.outputSize, (row + 1) * this.outputSize);
    const act = this.actionSpace;
    if (act instanceof Box) {
      const a: number[] = new Array<number>(act.size);
      for (let k = 0; k < act.size; k++) a[k] = Math.min(Math.max(y[k], act.low[k]), act.high[k]);
      return { action: a, values: Array.from(y) };
    }
    const mask = this.inputs.mask(obs);
    const probs = this.network.output === 'logits';
    const values: number[] = new Array<number>(this.outputSize);
    const picks: number[] = [];
    let off = 0;
    for (const n of this.segments) {
      picks.push(Math.max(0, maskedArgmax(y, off, n, mask)));
      if (probs) softmaxInto(y, off, n, values);
      else for (let k = 0; k < n; k++) values[off + k] = y[off + k];
      off += n;
    }
    if (act instanceof Discrete) return { action: act.start + (picks[0] ?? 0), values };
    const md = act as MultiDiscrete;
    return { action: picks.map((p, s) => (md.start[s]) + p), values };
  }
}
