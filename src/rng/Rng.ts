import seedrandom from 'seedrandom';

/** Serializable state of an {@link Rng}: restore it with `Rng.fromState`. */
export interface RngState {
  readonly seed: number;
  readonly alea: object;
  readonly spare: number | null;
  /** Children spawned so far (`spawn` derives the next ones from it); absent in states saved before it was recorded. */
  readonly spawnCount?: number;
}

type AleaPrng = (() => number) & { state(): object };

/** Fresh entropy for an unseeded rng (Gymnasium draws from the OS when no seed is given). */
function entropySeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0];
}

/** Mixes a parent seed and a child index into a new 32-bit seed (splitmix32 finaliser). */
function mixSeed(a: number, b: number): number {
  let z = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(b + 1, 0xc2b2ae35)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0;
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * The seed of child `k` of a stream seeded `seed`. Seeds in [0, 2^32) give the 32-bit children they always
 * gave; any other integer (up to ±2^53) also mixes its high word in and gets 53-bit children, so distinct
 * seeds never share children (`seed >>> 0` alone made 2^32 and 0 the same).
 */
function childSeed(seed: number, k: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32);
  if (hi === 0) return mixSeed(lo, k);
  const h = mixSeed(hi >>> 0, 0x7fffffff);
  return (mixSeed(h, k ^ 0x5bd1e995) & 0x1fffff) * 2 ** 32 + mixSeed(lo ^ h, k);
}

/**
 * The seeded random number generator every tsgym env, space and agent draws from (seedrandom's Alea).
 * Never use `Math.random` in library code: take an `Rng`.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * rng.uniform(-0.05, 0.05); rng.integers(0, 6); rng.normal(); rng.poisson(3.2);
 * const [a, b] = rng.spawn(2); // independent child streams, e.g. one per worker
 * ```
 */
export class Rng {
  /** The seed this stream was created with. */
  readonly seed: number;
  private prng: AleaPrng;
  private spare: number | null = null;
  private spawnCount = 0;

  constructor(seed?: number) {
    if (seed !== undefined && (!Number.isFinite(seed) || !Number.isInteger(seed))) {
      throw new TypeError(`Rng seed must be an integer, got ${String(seed)}`);
    }
    this.seed = seed === undefined ? entropySeed() : seed;
    this.prng = seedrandom.alea(String(this.seed), { state: true });
  }

  /** Recreates an rng from `getState()`, continuing the stream exactly where it was. */
  static fromState(state: RngState): Rng {
    const r = new Rng(state.seed);
    r.prng = seedrandom.alea('', { state: state.alea as seedrandom.State.Alea });
    r.spare = state.spare;
    r.spawnCount = state.spawnCount ?? 0;
    return r;
  }

  /** A JSON-serializable snapshot of the stream position. */
  getState(): RngState {
    return { seed: this.seed, alea: this.prng.state(), spare: this.spare, spawnCount: this.spawnCount };
  }

  /** Uniform double in [0, 1). */
  random(): number {
    return this.prng();
  }

  /** Uniform double in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.prng();
  }

  /** Uniform integer in [low, high) (numpy `Generator.integers`); with one argument, in [0, low). */
  integers(low: number, high?: number): number {
    const lo = high === undefined ? 0 : low;
    const hi = high === undefined ? low : high;
    if (!(hi > lo)) throw new RangeError(`integers(low, high) needs high > low, got low=${lo}, high=${hi}`);
    return lo + Math.floor(this.prng() * (hi - lo));
  }

  /** Normal draw (Box-Muller, polar form). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return mean + std * s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.prng() - 1;
      v = 2 * this.prng() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return mean + std * u * m;
  }

  /** Exponential draw with the given mean (`scale`, numpy's convention). */
  exponential(scale = 1): number {
    return -scale * Math.log(1 - this.prng());
  }

  /** Log-normal draw: `exp(normal(mu, sigma))`. */
  lognormal(mu = 0, sigma = 1): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Weibull draw with shape k and scale lambda. */
  weibull(shape: number, scale = 1): number {
    return scale * Math.pow(-Math.log(1 - this.prng()), 1 / shape);
  }

  /** Triangular draw on [left, right] with the given mode. */
  triangular(left: number, mode: number, right: number): number {
    const u = this.prng();
    const c = (mode - left) / (right - left);
    return u < c
      ? left + Math.sqrt(u * (right - left) * (mode - left))
      : right - Math.sqrt((1 - u) * (right - left) * (right - mode));
  }

  /** Poisson draw with mean `lam` (Knuth below 30, Hörmann's PTRS above). */
  poisson(lam: number): number {
    if (!(lam >= 0)) throw new RangeError(`poisson(lam) needs lam >= 0, got ${lam}`);
    if (lam < 30) {
      const l = Math.exp(-lam);
      let k = 0;
      let p = this.prng();
      while (p > l) {
        k++;
        p *= this.prng();
      }
      return k;
    }
    const slam = Math.sqrt(lam);
    const loglam = Math.log(lam);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.prng() - 0.5;
      const v = this.prng();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const lhs = Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b);
      if (lhs <= -lam + k * loglam - logFactorial(k)) return k;
    }
  }

  /** One element of `items`, uniformly or with probabilities `p` (which must sum to 1). */
  choice<T>(items: readonly T[], p?: ArrayLike<number>): T {
    if (items.length === 0) throw new RangeError('choice() from an empty array');
    if (p === undefined) return items[Math.floor(this.prng() * items.length)];
    if (p.length !== items.length) {
      throw new RangeError(`choice() p has length ${p.length}, expected ${items.length}`);
    }
    const u = this.prng();
    let acc = 0;
    for (let i = 0; i < items.length; i++) {
      acc += p[i] ?? 0;
      if (u < acc) return items[i];
    }
    return items[items.length - 1];
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /**
   * `n` independent child streams. Children depend only on this rng's seed and how many children were
   * spawned before, not on how many numbers were drawn, so a worker's stream does not depend on timing.
   */
  spawn(n: number): Rng[] {
    const out: Rng[] = [];
    for (let i = 0; i < n; i++) out.push(new Rng(childSeed(this.seed, this.spawnCount++)));
    return out;
  }
}

const LOG_FACT_CACHE: number[] = [0, 0];
function logFactorial(k: number): number {
  if (k < 256) {
    for (let i = LOG_FACT_CACHE.length; i <= k; i++) LOG_FACT_CACHE.push((LOG_FACT_CACHE[i - 1] ?? 0) + Math.log(i));
    return LOG_FACT_CACHE[k] ?? 0;
  }
  // Stirling series
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k * k * k);
}
