import { z } from 'zod';
import { InvalidConfig } from '../core/errors.js';
import { parseConfig } from '../core/parseConfig.js';
import { Rng } from '../rng/Rng.js';

const finite = z.number().finite();
const target = {
  /** Dotted kwargs path(s) the value goes to (default: the parameter's name); `*` matches every array entry or key. */
  path: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** `set` (default) writes the value; `scale` multiplies the number already at the path. */
  mode: z.enum(['set', 'scale']).default('set'),
};
const ordered = (d: { low: number; high: number }): boolean => d.high >= d.low;

const paramSchema = z.discriminatedUnion('dist', [
  z
    .object({ dist: z.literal('uniform'), low: finite, high: finite, ...target })
    .strict()
    .refine(ordered, { message: 'uniform needs high >= low', path: ['high'] }),
  z
    .object({ dist: z.literal('loguniform'), low: finite.positive(), high: finite.positive(), ...target })
    .strict()
    .refine(ordered, { message: 'loguniform needs high >= low', path: ['high'] }),
  z
    .object({ dist: z.literal('normal'), mean: finite, std: finite.nonnegative(), low: finite.optional(), high: finite.optional(), ...target })
    .strict()
    .refine((d) => d.low === undefined || d.high === undefined || d.high > d.low, { message: 'normal needs high > low', path: ['high'] }),
  z
    .object({ dist: z.literal('integers'), low: z.number().int(), high: z.number().int(), ...target })
    .strict()
    .refine(ordered, { message: 'integers needs high >= low', path: ['high'] }),
  z
    .object({ dist: z.literal('choice'), values: z.array(z.unknown()).min(1), weights: z.array(finite.nonnegative()).optional(), ...target })
    .strict()
    .refine((d) => d.weights === undefined || (d.weights.length === d.values.length && d.weights.some((w) => w > 0)), {
      message: 'weights need one non-negative entry per value, not all zero',
      path: ['weights'],
    }),
]);

/**
 * The zod schema of a randomization config: `params` maps a parameter name to its distribution and
 * where it goes in the env kwargs. Distributions: `uniform` [low, high]; `loguniform` [low, high] (> 0,
 * uniform in log); `normal` mean/std, truncated to [low, high] when given (redrawn); `integers` low..high
 * inclusive; `choice` one of `values` (optionally `weights`). Documented in docs/production.md.
 *
 * @example
 * ```ts
 * parseConfig(randomizationSchema, { params: { demand: { dist: 'uniform', low: 300, high: 900, path: 'scenario.demand' } } }, 'randomization');
 * ```
 */
export const randomizationSchema = z.object({ params: z.record(z.string().min(1), paramSchema) }).strict();

/** A randomization config as written. */
export type RandomizationConfig = z.input<typeof randomizationSchema>;
type Param = z.output<typeof paramSchema>;

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

/** Applies `fn` at every location `segs` reaches in `node` (creating missing objects unless wildcards); returns the count. */
function visit(
  node: Record<string, unknown>,
  segs: readonly string[],
  i: number,
  fn: (parent: Record<string, unknown>, key: string) => void,
  where: string,
): number {
  const seg = segs[i];
  const last = i === segs.length - 1;
  const keys = seg === '*' ? Object.keys(node) : [seg];
  let n = 0;
  for (const k of keys) {
    if (last) {
      fn(node, k);
      n++;
      continue;
    }
    let child = node[k];
    if (!isObj(child)) {
      if (seg === '*') continue;
      if (child !== undefined)
        throw new InvalidConfig(`Randomization path '${where}': '${segs.slice(0, i + 1).join('.')}' is ${JSON.stringify(child)}, not an object`);
      child = {};
      node[k] = child;
    }
    n += visit(child as Record<string, unknown>, segs, i + 1, fn, where);
  }
  return n;
}

function apply(kwargs: Record<string, unknown>, name: string, p: Param, value: unknown): void {
  const paths = p.path === undefined ? [name] : typeof p.path === 'string' ? [p.path] : p.path;
  for (const path of paths) {
    const segs = path.split('.');
    if (segs.some((s) => s === '' || UNSAFE.has(s)))
      throw new InvalidConfig(`Invalid randomization path '${path}' of '${name}': expected dotted names like config.stages.1.processing.mean`);
    const n = visit(kwargs, segs, 0, (parent, key) => {
      if (p.mode === 'set') {
        parent[key] = value;
        return;
      }
      const cur = parent[key];
      if (typeof cur !== 'number')
        throw new InvalidConfig(`Randomization '${name}' scales '${path}', which is ${JSON.stringify(cur) ?? 'missing'}, not a number`);
      parent[key] = cur * (value as number);
    }, path);
    if (n === 0) throw new InvalidConfig(`Randomization path '${path}' of '${name}' matches nothing in the env kwargs`);
  }
}

function draw(rng: Rng, name: string, p: Param): unknown {
  switch (p.dist) {
    case 'uniform':
      return rng.uniform(p.low, p.high);
    case 'loguniform':
      return Math.exp(rng.uniform(Math.log(p.low), Math.log(p.high)));
    case 'integers':
      return rng.integers(p.low, p.high + 1);
    case 'choice': {
      if (p.weights === undefined) return rng.choice(p.values);
      const total = p.weights.reduce((a, b) => a + b, 0);
      return rng.choice(p.values, p.weights.map((w) => w / total));
    }
    case 'normal': {
      const lo = p.low ?? -Infinity;
      const hi = p.high ?? Infinity;
      for (let t = 0; t < 10_000; t++) {
        const v = rng.normal(p.mean, p.std);
        if (v >= lo && v <= hi) return v;
      }
      throw new InvalidConfig(`Randomization '${name}': normal(${p.mean}, ${p.std}) almost never falls in [${lo}, ${hi}] (10,000 draws tried)`);
    }
  }
}

/**
 * The drawing half of domain randomization, shared by `DomainRandomization` and
 * `ParallelDomainRandomization`: validates a config against base kwargs (every path is checked at
 * construction) and, per episode, draws the parameters in declaration order and writes them into a
 * deep copy of the base kwargs. `next(seed)` restarts the stream from the seed (a child stream of
 * `new Rng(seed)`, so it differs from the env's own); `next()` continues it.
 *
 * @example
 * ```ts
 * const r = new Randomizer({ params: { demand: { dist: 'uniform', low: 300, high: 900, path: 'scenario.demand' } } }, {});
 * r.next(3); // { kwargs: { scenario: { demand: 612.4 } }, drawn: { demand: 612.4 } }
 * ```
 */
export class Randomizer {
  readonly params: ReadonlyMap<string, Param>;
  private readonly base: Record<string, unknown>;
  private rng: Rng | undefined;

  constructor(config: unknown, baseKwargs: Record<string, unknown> = {}) {
    const cfg = parseConfig(randomizationSchema, config, 'DomainRandomization config');
    this.base = structuredClone(baseKwargs);
    this.params = new Map(Object.entries(cfg.params));
    const probe = structuredClone(this.base);
    for (const [name, p] of this.params)
      apply(
        probe,
        name,
        p,
        p.dist === 'choice' ? p.values[0] : p.mode === 'scale' ? 1 : ((p as { low?: number; mean?: number }).low ?? (p as { mean?: number }).mean ?? 0),
      );
  }

  /** A deep copy of the base kwargs. */
  baseKwargs(): Record<string, unknown> {
    return structuredClone(this.base);
  }

  /** The next episode's draws and the kwargs holding them. */
  next(seed?: number): { kwargs: Record<string, unknown>; drawn: Record<string, unknown> } {
    if (seed !== undefined) this.rng = new Rng(seed).spawn(1)[0] ?? new Rng(seed);
    const rng = this.rng ?? (this.rng = new Rng());
    const drawn: Record<string, unknown> = {};
    const kwargs = structuredClone(this.base);
    for (const [name, p] of this.params) {
      const v = draw(rng, name, p);
      Object.defineProperty(drawn, name, { value: v, enumerable: true, writable: true, configurable: true });
      apply(kwargs, name, p, v);
    }
    return { kwargs, drawn };
  }
}
