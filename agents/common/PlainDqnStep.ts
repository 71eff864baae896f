import { Rng } from '../../src/rng/Rng.js';

/**
 * The DQN gradient step in plain JS Float32Arrays, with no tensor library: ReLU MLP forward for the
 * online and target nets, `tdTarget = r + gamma (1 - done) max Q_target(s')`, Huber loss, backward pass,
 * global-norm clipping and Adam. It is the floor `npm run bench` sets next to the tfjs step; the learner
 * itself stays on tfjs.
 *
 * @example
 * ```ts
 * const s = new PlainDqnStep([4, 64, 64, 2], 64, 0);
 * s.step(); // one gradient step on a random replay batch
 * ```
 */
export class PlainDqnStep {
  private readonly L: number;
  private readonly w: Float32Array[] = [];
  private readonly b: Float32Array[] = [];
  private readonly tw: Float32Array[] = [];
  private readonly tb: Float32Array[] = [];
  private readonly gw: Float32Array[] = [];
  private readonly gb: Float32Array[] = [];
  private readonly m: Float32Array[] = [];
  private readonly v: Float32Array[] = [];
  /** Activations per layer `[batch, size]` (index 0 = input). */
  private readonly act: Float32Array[] = [];
  private readonly tact: Float32Array[] = [];
  private readonly delta: Float32Array[] = [];
  private readonly obs: Float32Array;
  private readonly nextObs: Float32Array;
  private readonly actions: Int32Array;
  private readonly rewards: Float32Array;
  private readonly dones: Float32Array;
  private t = 0;

  constructor(
    readonly sizes: number[],
    readonly batch: number,
    seed: number,
    readonly lr = 1e-3,
    readonly gamma = 0.99,
    readonly maxNorm = 10,
  ) {
    const rng = new Rng(seed);
    this.L = sizes.length - 1;
    for (let l = 0; l < this.L; l++) {
      const i = sizes[l] ?? 0;
      const o = sizes[l + 1] ?? 0;
      const lim = Math.sqrt(6 / (i + o));
      const w = new Float32Array(i * o).map(() => rng.uniform(-lim, lim));
      this.w.push(w);
      this.tw.push(w.slice());
      this.b.push(new Float32Array(o));
      this.tb.push(new Float32Array(o));
      this.gw.push(new Float32Array(i * o));
      this.gb.push(new Float32Array(o));
      this.m.push(new Float32Array(i * o + o));
      this.v.push(new Float32Array(i * o + o));
    }
    for (const s of sizes) {
      this.act.push(new Float32Array(batch * s));
      this.tact.push(new Float32Array(batch * s));
      this.delta.push(new Float32Array(batch * s));
    }
    const d = sizes[0] ?? 0;
    this.obs = new Float32Array(batch * d).map(() => rng.normal() * 0.1);
    this.nextObs = new Float32Array(batch * d).map(() => rng.normal() * 0.1);
    this.actions = new Int32Array(batch).map(() => rng.integers(0, sizes[this.L] ?? 1));
    this.rewards = new Float32Array(batch).fill(1);
    this.dones = new Float32Array(batch).map(() => (rng.random() < 0.05 ? 1 : 0));
  }

  private forward(w: Float32Array[], b: Float32Array[], acts: Float32Array[], input: Float32Array): void {
    acts[0].set(input);
    for (let l = 0; l < this.L; l++) {
      const i = this.sizes[l] ?? 0;
      const o = this.sizes[l + 1] ?? 0;
      const x = acts[l];
      const y = acts[l + 1];
      const W = w[l];
      const B = b[l];
      const relu = l < this.L - 1;
      for (let n = 0; n < this.batch; n++) {
        for (let k = 0; k < o; k++) y[n * o + k] = B[k];
        for (let j = 0; j < i; j++) {
          const xv = x[n * i + j];
          if (xv === 0) continue;
          const row = j * o;
          for (let k = 0; k < o; k++) y[n * o + k] = y[n * o + k] + xv * W[row + k];
        }
        if (relu) for (let k = 0; k < o; k++) if (y[n * o + k] < 0) y[n * o + k] = 0;
      }
    }
  }

  /** The online and target weights and the fixed replay batch (read-only views, for checks). */
  state(): {
    w: Float32Array[];
    b: Float32Array[];
    tw: Float32Array[];
    tb: Float32Array[];
    obs: Float32Array;
    nextObs: Float32Array;
    actions: Int32Array;
    rewards: Float32Array;
    dones: Float32Array;
  } {
    return {
      w: this.w,
      b: this.b,
      tw: this.tw,
      tb: this.tb,
      obs: this.obs,
      nextObs: this.nextObs,
      actions: this.actions,
      rewards: this.rewards,
      dones: this.dones,
    };
  }

  /** One gradient step; returns the loss. */
  step(): number {
    const B = this.batch;
    const A = this.sizes[this.L] ?? 0;
    this.forward(this.tw, this.tb, this.tact, this.nextObs);
    this.forward(this.w, this.b, this.act, this.obs);
    const qT = this.tact[this.L];
    const q = this.act[this.L];
    const dOut = this.delta[this.L];
    dOut.fill(0);
    let loss = 0;
    for (let n = 0; n < B; n++) {
      let mx = -Infinity;
      for (let k = 0; k < A; k++) mx = Math.max(mx, qT[n * A + k]);
      const target = this.rewards[n] + this.gamma * (1 - this.dones[n]) * mx;
      const a = this.actions[n];
      const d = q[n * A + a] - target;
      const ad = Math.abs(d);
      loss += ad <= 1 ? 0.5 * d * d : ad - 0.5;
      dOut[n * A + a] = (ad <= 1 ? d : Math.sign(d)) / B; // d(mean Huber)/dQ
    }
    // backward
    let sq = 0;
    for (let l = this.L - 1; l >= 0; l--) {
      const i = this.sizes[l] ?? 0;
      const o = this.sizes[l + 1] ?? 0;
      const x = this.act[l];
      const dy = this.delta[l + 1];
      const dx = this.delta[l];
      const W = this.w[l];
      const gW = this.gw[l].fill(0);
      const gB = this.gb[l].fill(0);
      for (let n = 0; n < B; n++) {
        for (let k = 0; k < o; k++) gB[k] = gB[k] + dy[n * o + k];
        for (let j = 0; j < i; j++) {
          const xv = x[n * i + j];
          let s = 0;
          const row = j * o;
          for (let k = 0; k < o; k++) {
            const g = dy[n * o + k];
            gW[row + k] = gW[row + k] + xv * g;
            s += W[row + k] * g;
          }
          dx[n * i + j] = l > 0 && xv <= 0 ? 0 : s; // ReLU' of the previous layer
        }
      }
      for (let k = 0; k < gW.length; k++) sq += gW[k] ** 2;
      for (let k = 0; k < gB.length; k++) sq += gB[k] ** 2;
    }
    const scale = Math.min(1, this.maxNorm / (Math.sqrt(sq) + 1e-6));
    // Adam
    this.t++;
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let l = 0; l < this.L; l++) {
      const W = this.w[l];
      const Bv = this.b[l];
      const gW = this.gw[l];
      const gB = this.gb[l];
      const m = this.m[l];
      const v = this.v[l];
      const nW = W.length;
      for (let k = 0; k < nW + Bv.length; k++) {
        const g = (k < nW ? gW[k] : gB[k - nW]) * scale;
        const mk = b1 * m[k] + (1 - b1) * g;
        const vk = b2 * v[k] + (1 - b2) * g * g;
        m[k] = mk;
        v[k] = vk;
        const upd = (this.lr * (mk / c1)) / (Math.sqrt(vk / c2) + 1e-7);
        if (k < nW) W[k] = W[k] - upd;
        else Bv[k - nW] = Bv[k - nW] - upd;
      }
    }
    return loss / B;
  }
}
