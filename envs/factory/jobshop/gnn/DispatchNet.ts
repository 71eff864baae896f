import { N_OP_FEATURES } from '../opFeatures.js';
import type { DispatchNetLayer, SerializedDispatchNet } from './SerializedDispatchNet.js';

/**
 * One state of the disjunctive graph as the network reads it: `x` the `[nJobs * nMachines,
 * N_OP_FEATURES]` operation features, `machine` each operation's machine, `nextOp` each job's first
 * unscheduled operation (`nMachines` when done), `mask` the jobs to score.
 */
export interface DispatchGraph {
  readonly nJobs: number;
  readonly nMachines: number;
  readonly x: Float32Array;
  readonly machine: Int32Array;
  readonly nextOp: Int32Array;
  readonly mask: Int8Array;
}

interface Dense {
  readonly n: number;
  readonly m: number;
  readonly w: Float64Array;
  readonly b: Float64Array;
}

const dense = (l: DispatchNetLayer): Dense => ({ n: l.inputSize, m: l.outputSize, w: Float64Array.from(l.weights), b: Float64Array.from(l.bias) });

/** `y[yo..] = relu?(x[xo..xo+n] W + b)`. */
function apply(l: Dense, x: Float64Array, xo: number, y: Float64Array, yo: number, relu: boolean): void {
  const { n, m, w, b } = l;
  for (let c = 0; c < m; c++) y[yo + c] = b[c];
  for (let r = 0; r < n; r++) {
    const v = x[xo + r];
    if (v === 0) continue;
    const wo = r * m;
    for (let c = 0; c < m; c++) y[yo + c] = y[yo + c] + v * w[wo + c];
  }
  if (relu) for (let c = 0; c < m; c++) if (!(y[yo + c] > 0)) y[yo + c] = 0;
}

/**
 * The dispatcher network's forward pass in plain TypeScript (float64, no TensorFlow.js): what the `gnn`
 * policy, RolloutPool workers and the trainer's rollouts run. Work is proportional to the unscheduled
 * operations; buffers grow once to the largest graph seen and are reused.
 *
 * @example
 * ```ts
 * const net = new DispatchNet(SHIPPED_DISPATCHER);
 * const scores = new Float64Array(graph.nJobs);
 * net.scores(graph, scores); // -Infinity for jobs outside graph.mask
 * ```
 */
export class DispatchNet {
  readonly hidden: number;
  private readonly encoder: Dense;
  private readonly rounds: Dense[];
  private readonly head: Dense[];
  private readonly out: Dense;
  private h = new Float64Array(0);
  private h2 = new Float64Array(0);
  private jobMean = new Float64Array(0);
  private machMean = new Float64Array(0);
  private mCount = new Int32Array(0);
  private p = new Float64Array(0);
  private q = new Float64Array(0);
  private jobTerm = new Float64Array(0);
  private machTerm = new Float64Array(0);
  private readonly globTerm: Float64Array;
  private nodes = new Int32Array(0);
  private readonly wT = new Map<Dense, Float64Array>();
  private readonly glob: Float64Array;
  private readonly z: Float64Array;
  private readonly a1: Float64Array;
  private readonly a2: Float64Array;
  private readonly encT: Float64Array;
  private readonly o1 = new Float64Array(1);

  constructor(readonly network: SerializedDispatchNet) {
    this.hidden = network.hidden;
    this.encoder = dense(network.encoder);
    const e = this.encoder;
    this.encT = new Float64Array(e.n * e.m);
    for (let f = 0; f < e.n; f++) for (let c = 0; c < e.m; c++) this.encT[c * e.n + f] = e.w[f * e.m + c];
    this.rounds = network.rounds.map(dense);
    this.head = [dense(network.head1), dense(network.head2)];
    this.out = dense(network.out);
    const H = this.hidden;
    this.glob = new Float64Array(H);
    this.globTerm = new Float64Array(H);
    this.z = new Float64Array(6 * H);
    this.a1 = new Float64Array(network.head1.outputSize);
    this.a2 = new Float64Array(network.head2.outputSize);
  }

  /** Writes each job's score into `out` (`-Infinity` outside `g.mask`). */
  scores(g: DispatchGraph, out: Float64Array): void {
    const { nJobs: J, nMachines: M, nextOp } = g;
    this.ensure(J, M);
    const h = this.h;
    this.encode(g, h);
    let cur = h;
    let nxt = this.h2;
    for (const r of this.rounds) {
      this.aggregate(g, cur);
      this.round(g, r, cur, nxt);
      const t = cur;
      cur = nxt;
      nxt = t;
    }
    this.aggregate(g, cur);
    for (let j = 0; j < J; j++) {
      out[j] = -Infinity;
      const k = nextOp[j];
      if (!g.mask[j] || k >= M) continue;
      this.fillHeadInput(g, cur, j, k);
      apply(this.head[0], this.z, 0, this.a1, 0, true);
      apply(this.head[1], this.a1, 0, this.a2, 0, true);
      apply(this.out, this.a2, 0, this.o1, 0, false);
      out[j] = this.o1[0];
    }
  }

  /**
   * One message-passing round: `[h, h(succ), job mean, machine mean, graph mean] W + b` computed as the sum
   * of five H x H products, each where it is cheapest (node, job, machine, graph): 2 H^2 per operation
   * instead of 5 H^2 (the same value as the concatenated form up to float rounding).
   */
  private round(g: DispatchGraph, r: Dense, cur: Float64Array, nxt: Float64Array): void {
    const { nJobs: J, nMachines: M, machine, nextOp } = g;
    const H = this.hidden;
    const { w, b } = r;
    const p = this.p;
    const q = this.q;
    // per operation: p = h W_h, q = h W_s (q of the successor feeds its predecessor); four operations at a
    // time with transposed weights, so each weight is loaded once for four dot products
    const nodes = this.nodes;
    let n = 0;
    for (let j = 0; j < J; j++) for (let k = nextOp[j]; k < M; k++) nodes[n++] = (j * M + k) * H;
    const wt = this.transposed(r);
    const hOff = 0;
    const sOff = H * H;
    let t = 0;
    for (; t + 4 <= n; t += 4) {
      const o0 = nodes[t];
      const o1 = nodes[t + 1];
      const o2 = nodes[t + 2];
      const o3 = nodes[t + 3];
      for (let c = 0; c < H; c++) {
        let p0 = 0, p1 = 0, p2 = 0, p3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
        const wh = hOff + c * H;
        const ws = sOff + c * H;
        for (let i = 0; i < H; i++) {
          const a = wt[wh + i];
          const bq = wt[ws + i];
          const x0 = cur[o0 + i];
          const x1 = cur[o1 + i];
          const x2 = cur[o2 + i];
          const x3 = cur[o3 + i];
          p0 += x0 * a; p1 += x1 * a; p2 += x2 * a; p3 += x3 * a;
          q0 += x0 * bq; q1 += x1 * bq; q2 += x2 * bq; q3 += x3 * bq;
        }
        p[o0 + c] = p0; p[o1 + c] = p1; p[o2 + c] = p2; p[o3 + c] = p3;
        q[o0 + c] = q0; q[o1 + c] = q1; q[o2 + c] = q2; q[o3 + c] = q3;
      }
    }
    for (; t < n; t++) {
      const o = nodes[t];
      for (let c = 0; c < H; c++) {
        let pv = 0;
        let qv = 0;
        for (let i = 0; i < H; i++) {
          const x = cur[o + i];
          pv += x * wt[hOff + c * H + i];
          qv += x * wt[sOff + c * H + i];
        }
        p[o + c] = pv;
        q[o + c] = qv;
      }
    }
    const jt = this.jobTerm;
    const mt = this.machTerm;
    const gt = this.globTerm;
    const matvec = (src: Float64Array, so: number, block: number, dst: Float64Array, dOff: number): void => {
      for (let c = 0; c < H; c++) dst[dOff + c] = 0;
      for (let i = 0; i < H; i++) {
        const v = src[so + i];
        if (v === 0) continue;
        const wo = (block * H + i) * H;
        for (let c = 0; c < H; c++) dst[dOff + c] = dst[dOff + c] + v * w[wo + c];
      }
    };
    for (let j = 0; j < J; j++) if (nextOp[j] < M) matvec(this.jobMean, j * H, 2, jt, j * H);
    for (let m = 0; m < M; m++) matvec(this.machMean, m * H, 3, mt, m * H);
    matvec(this.glob, 0, 4, gt, 0);
    for (let j = 0; j < J; j++) {
      for (let k = nextOp[j]; k < M; k++) {
        const o = (j * M + k) * H;
        const mo = machine[j * M + k] * H;
        const hasNext = k + 1 < M;
        for (let c = 0; c < H; c++) {
          let v = b[c] + p[o + c];
          if (hasNext) v += q[o + H + c];
          v += jt[j * H + c] + mt[mo + c] + gt[c];
          nxt[o + c] = v > 0 ? v : 0;
        }
      }
    }
  }

  /** h = relu(x W0 + b0) of every unscheduled operation, four operations per weight load. */
  private encode(g: DispatchGraph, h: Float64Array): void {
    const { nJobs: J, nMachines: M, x, nextOp } = g;
    const H = this.hidden;
    const F = N_OP_FEATURES;
    const wt = this.encT;
    const b = this.encoder.b;
    const nodes = this.nodes;
    let n = 0;
    for (let j = 0; j < J; j++) for (let k = nextOp[j]; k < M; k++) nodes[n++] = j * M + k;
    let t = 0;
    for (; t + 4 <= n; t += 4) {
      const i0 = nodes[t];
      const i1 = nodes[t + 1];
      const i2 = nodes[t + 2];
      const i3 = nodes[t + 3];
      for (let c = 0; c < H; c++) {
        const bc = b[c];
        let s0 = bc, s1 = bc, s2 = bc, s3 = bc;
        for (let f = 0; f < F; f++) {
          const w = wt[c * F + f];
          s0 += x[i0 * F + f] * w;
          s1 += x[i1 * F + f] * w;
          s2 += x[i2 * F + f] * w;
          s3 += x[i3 * F + f] * w;
        }
        h[i0 * H + c] = s0 > 0 ? s0 : 0;
        h[i1 * H + c] = s1 > 0 ? s1 : 0;
        h[i2 * H + c] = s2 > 0 ? s2 : 0;
        h[i3 * H + c] = s3 > 0 ? s3 : 0;
      }
    }
    for (; t < n; t++) {
      const i = nodes[t];
      for (let c = 0; c < H; c++) {
        let v = b[c];
        for (let f = 0; f < F; f++) v += x[i * F + f] * wt[c * F + f];
        h[i * H + c] = v > 0 ? v : 0;
      }
    }
  }

  /** `[W_h^T; W_s^T]` of a round layer (H x H each, row c = output c), computed once per layer. */
  private transposed(r: Dense): Float64Array {
    let t = this.wT.get(r);
    if (t === undefined) {
      const H = this.hidden;
      t = new Float64Array(2 * H * H);
      for (let blk = 0; blk < 2; blk++) for (let i = 0; i < H; i++) for (let c = 0; c < H; c++) t[blk * H * H + c * H + i] = r.w[(blk * H + i) * H + c];
      this.wT.set(r, t);
    }
    return t;
  }

  private ensure(J: number, M: number): void {
    const H = this.hidden;
    if (this.h.length < J * M * H) {
      this.h = new Float64Array(J * M * H);
      this.h2 = new Float64Array(J * M * H);
      this.p = new Float64Array(J * M * H);
      this.q = new Float64Array(J * M * H);
      this.nodes = new Int32Array(J * M);
    }
    if (this.jobMean.length < J * H) {
      this.jobMean = new Float64Array(J * H);
      this.jobTerm = new Float64Array(J * H);
    }
    if (this.machMean.length < M * H) {
      this.machMean = new Float64Array(M * H);
      this.machTerm = new Float64Array(M * H);
    }
    if (this.mCount.length < M) this.mCount = new Int32Array(M);
  }

  /** Job, machine and graph means of `h` over unscheduled operations. */
  private aggregate(g: DispatchGraph, h: Float64Array): void {
    const { nJobs: J, nMachines: M, machine, nextOp } = g;
    const H = this.hidden;
    const jm = this.jobMean.fill(0, 0, J * H);
    const mm = this.machMean.fill(0, 0, M * H);
    const glob = this.glob.fill(0);
    const mCount = this.mCount.fill(0, 0, M);
    let total = 0;
    for (let j = 0; j < J; j++) {
      const k0 = nextOp[j];
      for (let k = k0; k < M; k++) {
        const i = j * M + k;
        const mo = machine[i] * H;
        mCount[machine[i]]++;
        for (let c = 0; c < H; c++) {
          const v = h[i * H + c];
          jm[j * H + c] = jm[j * H + c] + v;
          mm[mo + c] = mm[mo + c] + v;
          glob[c] = glob[c] + v;
        }
      }
      const n = Math.max(1, M - k0);
      for (let c = 0; c < H; c++) jm[j * H + c] = jm[j * H + c] / n;
      total += M - k0;
    }
    for (let m = 0; m < M; m++) {
      const n = Math.max(1, mCount[m]);
      for (let c = 0; c < H; c++) mm[m * H + c] = mm[m * H + c] / n;
    }
    const n = Math.max(1, total);
    for (let c = 0; c < H; c++) glob[c] = glob[c] / n;
  }

  /** `[h(next), h(next + 1), job mean, machine mean of next, machine mean of next + 1, graph mean]`. */
  private fillHeadInput(g: DispatchGraph, h: Float64Array, j: number, k: number): void {
    const M = g.nMachines;
    const H = this.hidden;
    const z = this.z;
    const i = j * M + k;
    const hasNext = k + 1 < M;
    const ms = hasNext ? g.machine[i + 1] : -1;
    for (let c = 0; c < H; c++) {
      z[c] = h[i * H + c];
      z[H + c] = hasNext ? h[(i + 1) * H + c] : 0;
      z[2 * H + c] = this.jobMean[j * H + c];
      z[3 * H + c] = this.machMean[g.machine[i] * H + c];
      z[4 * H + c] = hasNext ? this.machMean[ms * H + c] : 0;
      z[5 * H + c] = this.glob[c];
    }
  }
}
