import { z } from 'zod';
import type { Rng } from '../../src/rng/Rng.js';

/** Distribution codes stored in the compiled (typed-array) form. */
export const DIST_DETERMINISTIC = 0;
export const DIST_EXPONENTIAL = 1;
export const DIST_UNIFORM = 2;
export const DIST_NORMAL = 3;
export const DIST_LOGNORMAL = 4;
export const DIST_TRIANGULAR = 5;
export const DIST_WEIBULL = 6;

const pos = z.number().finite().positive();
const nonneg = z.number().finite().nonnegative();

/**
 * A duration distribution in seconds, as written in scenario JSON. A bare number is deterministic.
 * `normal` is truncated at 0 (redrawn while negative); `lognormal` takes the mean and standard deviation
 * of the duration itself (not of its logarithm).
 *
 * @example
 * ```ts
 * const d: DistSpec = { kind: 'triangular', low: 2, mode: 3, high: 6 };
 * ```
 */
export const distSchema = z.union([
  nonneg,
  z.object({ kind: z.literal('deterministic'), value: nonneg }).strict(),
  z.object({ kind: z.literal('exponential'), mean: pos }).strict(),
  z
    .object({ kind: z.literal('uniform'), low: nonneg, high: nonneg })
    .strict()
    .refine((d) => d.high >= d.low, { message: 'uniform needs high >= low', path: ['high'] }),
  z.object({ kind: z.literal('normal'), mean: pos, std: nonneg }).strict(),
  z.object({ kind: z.literal('lognormal'), mean: pos, std: nonneg }).strict(),
  z
    .object({ kind: z.literal('triangular'), low: nonneg, mode: nonneg, high: nonneg })
    .strict()
    .refine((d) => d.low <= d.mode && d.mode <= d.high && d.high > d.low, {
      message: 'triangular needs low <= mode <= high and high > low',
      path: ['mode'],
    }),
  z.object({ kind: z.literal('weibull'), shape: pos, scale: pos }).strict(),
]);

/** A distribution as written in JSON. */
export type DistSpec = z.infer<typeof distSchema>;

/** Compiled form: a code and three parameters. */
export interface CompiledDist {
  code: number;
  a: number;
  b: number;
  c: number;
  /** Expected value (used by due dates and dispatching rules). */
  mean: number;
}

/**
 * Turns a `DistSpec` into its code/parameter form (lognormal's mean/std become mu/sigma).
 *
 * @example
 * ```ts
 * compileDist({ kind: 'exponential', mean: 2 }); // { code: DIST_EXPONENTIAL, a: 2, b: 0, c: 0, mean: 2 }
 * ```
 */
export function compileDist(d: DistSpec): CompiledDist {
  if (typeof d === 'number') return { code: DIST_DETERMINISTIC, a: d, b: 0, c: 0, mean: d };
  switch (d.kind) {
    case 'deterministic':
      return { code: DIST_DETERMINISTIC, a: d.value, b: 0, c: 0, mean: d.value };
    case 'exponential':
      return { code: DIST_EXPONENTIAL, a: d.mean, b: 0, c: 0, mean: d.mean };
    case 'uniform':
      return { code: DIST_UNIFORM, a: d.low, b: d.high, c: 0, mean: (d.low + d.high) / 2 };
    case 'normal':
      return { code: DIST_NORMAL, a: d.mean, b: d.std, c: 0, mean: d.mean };
    case 'lognormal': {
      const s2 = Math.log(1 + (d.std * d.std) / (d.mean * d.mean));
      return { code: DIST_LOGNORMAL, a: Math.log(d.mean) - s2 / 2, b: Math.sqrt(s2), c: 0, mean: d.mean };
    }
    case 'triangular':
      return { code: DIST_TRIANGULAR, a: d.low, b: d.mode, c: d.high, mean: (d.low + d.mode + d.high) / 3 };
    case 'weibull':
      return { code: DIST_WEIBULL, a: d.shape, b: d.scale, c: 0, mean: d.scale * gamma(1 + 1 / d.shape) };
  }
}

/**
 * Draws from a compiled distribution (no allocation).
 *
 * @example
 * ```ts
 * const x = sampleDist(rng, DIST_EXPONENTIAL, 2, 0, 0);
 * ```
 */
export function sampleDist(rng: Rng, code: number, a: number, b: number, c: number): number {
  switch (code) {
    case DIST_DETERMINISTIC:
      return a;
    case DIST_EXPONENTIAL:
      return rng.exponential(a);
    case DIST_UNIFORM:
      return rng.uniform(a, b);
    case DIST_NORMAL: {
      if (b === 0) return a;
      // truncated at 0: redraw while negative (mean > 0, so acceptance >= 1/2)
      for (;;) {
        const x = rng.normal(a, b);
        if (x >= 0) return x;
      }
    }
    case DIST_LOGNORMAL:
      return rng.lognormal(a, b);
    case DIST_TRIANGULAR:
      return rng.triangular(a, b, c);
    case DIST_WEIBULL:
      return rng.weibull(a, b);
    default:
      return a;
  }
}

/** Lanczos approximation of the gamma function (for the Weibull mean). */
function gamma(x: number): number {
  const g = 7;
  const p = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const y = x - 1;
  let a = p[0];
  const t = y + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += (p[i]) / (y + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, y + 0.5) * Math.exp(-t) * a;
}
