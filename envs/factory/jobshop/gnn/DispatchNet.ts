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
  for (let c = 0; c < m; c++) y[yo + c] = b[c] as number;
  for (let r = 0; r < n; r++) {
    const v = x[xo + r] as number;
    if (v === 0) continue;
    const wo = r * m;
    for (let c = 0; c < m; c++) y[yo + c] = (y[yo + c] as number) + v * (w[wo + c] as number);
  }
  if (relu) for (let c = 0; c < m; c++) if (!((y[yo + c] as number) > 0)) y[yo + c] = 0;
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
  private readonly glob: Float64Array;
  private readonly z: Float64Array;
  private readonly a1: Float64Array;
  private readonly a2: Float64Array;
  private readonly xin = new Float64Array(N_OP_FEATURES);
  private readonly o1 = new Float64Array(1);

  constructor(readonly network: SerializedDispatchNet) {
    this.hidden = network.hidden;
    this.encoder = dense(network.encoder);
    this.rounds = network.rounds.map(dense);
    this.head = [dense(network.head1), dense(network.head2)];
    this.out = dense(network.out);
    const H = this.hidden;
    this.glob = new Float64Array(H);
    this.z = new Float64Array(6 * H);
    this.a1 = new Float64Array(network.head1.outputSize);
    this.a2 = new Float64Array(network.head2.outputSize);
  }

  /** Writes each job's score into `out` (`-Infinity` outside `g.mask`). */
  scores(g: DispatchGraph, out: Float64Array): void {
    const { nJobs: J, nMachines: M, x, nextOp } = g;
    const H = this.hidden;
    this.ensure(J, M);
    const h = this.h;
    for (let j = 0; j < J; j++) {
      for (let k = nextOp[j] as number; k < M; k++) {
        const i = j * M + k;
        for (let f = 0; f < N_OP_FEATURES; f++) this.xin[f] = x[i * N_OP_FEATURES + f] as number;
        apply(this.encoder, this.xin, 0, h, i * H, true);
      }
    }
    let cur = h;
    let nxt = this.h2;
    for (const r of this.rounds) {
      this.aggregate(g, cur);
      for (let j = 0; j < J; j++) {
        for (let k = nextOp[j] as number; k < M; k++) {
          const i = j * M + k;
          this.fillRoundInput(g, cur, j, k);
          apply(r, this.z, 0, nxt, i * H, true);
        }
      }
      const t = cur;
      cur = nxt;
      nxt = t;
    }
    this.aggregate(g, cur);
    for (let j = 0; j < J; j++) {
      out[j] = -Infinity;
      const k = nextOp[j] as number;
      if (!g.mask[j] || k >= M) continue;
      this.fillHeadInput(g, cur, j, k);
      apply(this.head[0] as Dense, this.z, 0, this.a1, 0, true);
      apply(this.head[1] as Dense, this.a1, 0, this.a2, 0, true);
      apply(this.out, this.a2, 0, this.o1, 0, false);
      out[j] = this.o1[0] as number;
    }
  }

  private ensure(J: number, M: number): void {
    const H = this.hidden;
    if (this.h.length < J * M * H) {
      this.h = new Float64Array(J * M * H);
      this.h2 = new Float64Array(J * M * H);
    }
    if (this.jobMean.length < J * H) this.jobMean = new Float64Array(J * H);
    if (this.machMean.length < M * H) this.machMean = new Float64Array(M * H);
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
      const k0 = nextOp[j] as number;
      for (let k = k0; k < M; k++) {
        const i = j * M + k;
        const mo = (machine[i] as number) * H;
        mCount[machine[i] as number]++;
        for (let c = 0; c < H; c++) {
          const v = h[i * H + c] as number;
          jm[j * H + c] = (jm[j * H + c] as number) + v;
          mm[mo + c] = (mm[mo + c] as number) + v;
          glob[c] = (glob[c] as number) + v;
        }
      }
      const n = Math.max(1, M - k0);
      for (let c = 0; c < H; c++) jm[j * H + c] = (jm[j * H + c] as number) / n;
      total += M - k0;
    }
    for (let m = 0; m < M; m++) {
      const n = Math.max(1, mCount[m] as number);
      for (let c = 0; c < H; c++) mm[m * H + c] = (mm[m * H + c] as number) / n;
    }
    const n = Math.max(1, total);
    for (let c = 0; c < H; c++) glob[c] = (glob[c] as number) / n;
  }

  /** `[h, h of the job successor, job mean, machine mean, graph mean]` of operation (j, k). */
  private fillRoundInput(g: DispatchGraph, h: Float64Array, j: number, k: number): void {
    const M = g.nMachines;
    const H = this.hidden;
    const z = this.z;
    const i = j * M + k;
    for (let c = 0; c < H; c++) {
      z[c] = h[i * H + c] as number;
      z[H + c] = k + 1 < M ? (h[(i + 1) * H + c] as number) : 0;
      z[2 * H + c] = this.jobMean[j * H + c] as number;
      z[3 * H + c] = this.machMean[(g.machine[i] as number) * H + c] as number;
      z[4 * H + c] = this.glob[c] as number;
    }
  }

  /** `[h(next), h(next + 1), job mean, machine mean of next, machine mean of next + 1, graph mean]`. */
  private fillHeadInput(g: DispatchGraph, h: Float64Array, j: number, k: number): void {
    const M = g.nMachines;
    const H = this.hidden;
    const z = this.z;
    const i = j * M + k;
    const hasNext = k + 1 < M;
    const ms = hasNext ? (g.machine[i + 1] as number) : -1;
    for (let c = 0; c < H; c++) {
      z[c] = h[i * H + c] as number;
      z[H + c] = hasNext ? (h[(i + 1) * H + c] as number) : 0;
      z[2 * H + c] = this.jobMean[j * H + c] as number;
      z[3 * H + c] = this.machMean[(g.machine[i] as number) * H + c] as number;
      z[4 * H + c] = hasNext ? (this.machMean[ms * H + c] as number) : 0;
      z[5 * H + c] = this.glob[c] as number;
    }
  }
}
