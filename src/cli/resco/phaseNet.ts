import { Rng } from '../../rng/Rng.js';

/** The weights of a {@link PhaseNet}: per layer a `[out x in]` matrix (row-major) and a bias. */
export interface PhaseNetWeights {
  readonly sizes: readonly number[];
  readonly w: Float64Array[];
  readonly b: Float64Array[];
}

/**
 * FRAP-style phase competition: one ReLU MLP scores a phase from the row of features of the movements it
 * serves (`features` figures per phase, one scalar out), the same network for every phase of every
 * signal, so a signal with any number of phases gets one Q-value per phase and acts on the highest.
 * With `context`, each row is followed by the mean of the signal's rows (the intersection as a whole),
 * so a score can carry the value of the state as well as the phase's advantage. Plain typed arrays
 * with a hand-written backward pass and Adam, no tensor library: the networks are a few thousand
 * weights and a batch is a few dozen rows.
 *
 * @example
 * ```ts
 * const net = new PhaseNet(2, [16], 1);
 * net.scores(Float32Array.from([0.1, 1, 0.3, 0])); // one Q-value for each of two phases
 * ```
 */
export class PhaseNet {
  readonly sizes: readonly number[];
  w: Float64Array[];
  b: Float64Array[];
  private readonly mw: Float64Array[];
  private readonly vw: Float64Array[];
  private readonly mb: Float64Array[];
  private readonly vb: Float64Array[];
  private readonly gw: Float64Array[];
  private readonly gb: Float64Array[];
  private t = 0;

  constructor(
    readonly features: number,
    hidden: readonly number[],
    seed: number,
    readonly context = false,
  ) {
    const sizes = [context ? 2 * features : features, ...hidden, 1];
    this.sizes = sizes;
    const rng = new Rng(seed);
    const layers = sizes.length - 1;
    const mk = (i: number, size: (k: number) => number): Float64Array => new Float64Array(size(i));
    const wSize = (k: number): number => sizes[k] * sizes[k + 1];
    const bSize = (k: number): number => sizes[k + 1];
    this.w = Array.from({ length: layers }, (_, k) => {
      // He-uniform for the ReLU layers, small for the output (as SB3/CleanRL heads)
      const lim = k === layers - 1 ? 0.01 : Math.sqrt(6 / sizes[k]);
      return Float64Array.from({ length: wSize(k) }, () => rng.uniform(-lim, lim));
    });
    this.b = Array.from({ length: layers }, (_, k) => mk(k, bSize));
    this.mw = Array.from({ length: layers }, (_, k) => mk(k, wSize));
    this.vw = Array.from({ length: layers }, (_, k) => mk(k, wSize));
    this.gw = Array.from({ length: layers }, (_, k) => mk(k, wSize));
    this.mb = Array.from({ length: layers }, (_, k) => mk(k, bSize));
    this.vb = Array.from({ length: layers }, (_, k) => mk(k, bSize));
    this.gb = Array.from({ length: layers }, (_, k) => mk(k, bSize));
  }

  /** The network's input for phase `p` of `obs`: its row, then (with context) the mean of all rows. */
  input(obs: ArrayLike<number>, p: number): Float64Array {
    const f = this.features;
    const x = new Float64Array(this.sizes[0]);
    for (let i = 0; i < f; i++) x[i] = obs[p * f + i];
    if (this.context) {
      const n = Math.floor(obs.length / f);
      for (let q = 0; q < n; q++) for (let i = 0; i < f; i++) x[f + i] += obs[q * f + i] / n;
    }
    return x;
  }

  /** The activations of every layer for one input (index 0 the input, last the score). */
  private forward(x: Float64Array): Float64Array[] {
    const acts = [x];
    for (let k = 0; k < this.w.length; k++) {
      const nIn = this.sizes[k];
      const nOut = this.sizes[k + 1];
      const a = acts[k];
      const y = new Float64Array(nOut);
      for (let j = 0; j < nOut; j++) {
        let s = this.b[k][j];
        for (let i = 0; i < nIn; i++) s += this.w[k][j * nIn + i] * a[i];
        y[j] = k < this.w.length - 1 && s < 0 ? 0 : s;
      }
      acts.push(y);
    }
    return acts;
  }

  /** One score per phase of `obs` (`sizes[0]` figures per phase, phases one after another). */
  scores(obs: ArrayLike<number>): Float64Array {
    const n = Math.floor(obs.length / this.features);
    const out = new Float64Array(n);
    for (let p = 0; p < n; p++) out[p] = this.forward(this.input(obs, p))[this.w.length][0];
    return out;
  }

  /** The phase with the highest score (the first on a tie). */
  best(obs: ArrayLike<number>): number {
    const s = this.scores(obs);
    let a = 0;
    for (let p = 1; p < s.length; p++) if (s[p] > s[a]) a = p;
    return a;
  }

  /**
   * One Adam step on the Huber loss (delta 1) of the scores of the chosen phases against `targets`,
   * averaged over the batch, with the gradient clipped to global norm `maxNorm`. Returns the loss.
   */
  train(obs: readonly ArrayLike<number>[], actions: readonly number[], targets: readonly number[], lr: number, maxNorm = 10): number {
    const loss = this.gradient(obs, actions, targets);
    this.adam(lr, maxNorm);
    return loss;
  }

  /** The gradient of the last {@link gradient} call: per layer, weights then biases. */
  get grads(): { w: readonly Float64Array[]; b: readonly Float64Array[] } {
    return { w: this.gw, b: this.gb };
  }

  /**
   * The Huber loss (delta 1) of the scores of the chosen phases against `targets`, averaged over the
   * batch; its gradient is left in {@link grads}.
   */
  gradient(obs: readonly ArrayLike<number>[], actions: readonly number[], targets: readonly number[]): number {
    this.zeroGrad();
    let loss = 0;
    const n = obs.length;
    for (let s = 0; s < n; s++) {
      const e = this.score(obs[s], actions[s]) - targets[s];
      loss += Math.abs(e) <= 1 ? 0.5 * e * e : Math.abs(e) - 0.5;
      this.addGradient(obs[s], actions[s], Math.max(-1, Math.min(1, e)) / n);
    }
    return loss / n;
  }

  /** The score of phase `p` of `obs`. */
  score(obs: ArrayLike<number>, p: number): number {
    return this.forward(this.input(obs, p))[this.w.length][0];
  }

  /** Clears {@link grads} before {@link addGradient} calls. */
  zeroGrad(): void {
    for (const g of [...this.gw, ...this.gb]) g.fill(0);
  }

  /**
   * Adds `d` times the gradient of the score of phase `p` of `obs` to {@link grads} (`d`: the derivative
   * of a loss by that score), so any loss over the scores can be trained with {@link step}.
   */
  addGradient(obs: ArrayLike<number>, p: number, d: number): void {
    if (d === 0) return;
    const acts = this.forward(this.input(obs, p));
    let delta = Float64Array.of(d);
    for (let k = this.w.length - 1; k >= 0; k--) {
      const nIn = this.sizes[k];
      const prev = new Float64Array(nIn);
      for (let j = 0; j < delta.length; j++) {
        const dj = delta[j];
        if (dj === 0) continue;
        this.gb[k][j] += dj;
        for (let i = 0; i < nIn; i++) {
          this.gw[k][j * nIn + i] += dj * acts[k][i];
          prev[i] += dj * this.w[k][j * nIn + i];
        }
      }
      // ReLU of the layer below (the input row has none)
      if (k > 0) for (let i = 0; i < nIn; i++) if (acts[k][i] <= 0) prev[i] = 0;
      delta = prev;
    }
  }

  /** One Adam step along {@link grads}, clipped to global norm `maxNorm`. */
  step(lr: number, maxNorm = 10): void {
    this.adam(lr, maxNorm);
  }

  private adam(lr: number, maxNorm: number): void {
    let sq = 0;
    for (const g of [...this.gw, ...this.gb]) for (const v of g) sq += v * v;
    const scale = Math.sqrt(sq) > maxNorm ? maxNorm / Math.sqrt(sq) : 1;
    this.t++;
    const b1 = 0.9;
    const b2 = 0.999;
    const step = (lr * Math.sqrt(1 - b2 ** this.t)) / (1 - b1 ** this.t);
    const upd = (p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array): void => {
      for (let i = 0; i < p.length; i++) {
        const gi = g[i] * scale;
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        p[i] -= (step * m[i]) / (Math.sqrt(v[i]) + 1e-8);
      }
    };
    for (let k = 0; k < this.w.length; k++) {
      upd(this.w[k], this.gw[k], this.mw[k], this.vw[k]);
      upd(this.b[k], this.gb[k], this.mb[k], this.vb[k]);
    }
  }

  /** A copy of the weights. */
  weights(): PhaseNetWeights {
    return { sizes: this.sizes, w: this.w.map((x) => x.slice()), b: this.b.map((x) => x.slice()) };
  }

  /** Sets the weights (from {@link weights} of a net of the same sizes). */
  setWeights(x: PhaseNetWeights): void {
    this.w = x.w.map((v) => v.slice());
    this.b = x.b.map((v) => v.slice());
  }
}
