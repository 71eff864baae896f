import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../envs/factory/scenarios.js';
import type { FactoryLineEnv } from '../../envs/factory/FactoryLineEnv.js';
import '../../envs/factory/index.js';
import { Env } from '../../src/core/Env.js';
import { InvalidConfig } from '../../src/core/errors.js';
import type { ResetOptions, ResetResult, StepResult } from '../../src/core/types.js';
import { make, register, unregister } from '../../src/registry/registry.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { DomainRandomization } from '../../src/wrappers/DomainRandomization.js';

/** Observes its kwargs: [level, scale.a, scale.b[0], scale.b[1]], plus a draw from its own rng. */
class Probe extends Env<Float64Array, number> {
  readonly observationSpace = new Box(-1e9, 1e9, [5], 'float64');
  readonly actionSpace = new Discrete(2);
  constructor(readonly kw: Record<string, any>) {
    super();
  }
  reset(opts?: ResetOptions): ResetResult<Float64Array> {
    this.seedRng(opts?.seed);
    const k = this.kw;
    return [Float64Array.of(k.level ?? 0, k.scale?.a ?? 0, k.scale?.b?.[0] ?? 0, k.scale?.b?.[1] ?? 0, this.rng.random()), {}];
  }
  step(): StepResult<Float64Array> {
    return [new Float64Array(5), 0, true, false, {}];
  }
}

beforeAll(() => register({ id: 'DRProbe-v0', entryPoint: (kw) => new Probe(kw), maxEpisodeSteps: 10 }));
afterAll(() => unregister('DRProbe-v0'));

const ALL = {
  params: {
    u: { dist: 'uniform', low: -2, high: 3 },
    lu: { dist: 'loguniform', low: 0.01, high: 100 },
    tn: { dist: 'normal', mean: 5, std: 10, low: 0, high: 8 },
    n: { dist: 'normal', mean: 1, std: 0 },
    k: { dist: 'integers', low: 2, high: 4 },
    c: { dist: 'choice', values: ['fifo', 'spt', { x: 1 }], weights: [1, 3, 0] },
  },
};

describe('DomainRandomization', () => {
  it('draws stay inside the declared ranges (and cover them)', () => {
    const env = new DomainRandomization(ALL, { factory: (kw) => make('DRProbe-v0', kw) });
    const ks = new Set<unknown>();
    const cs = new Map<unknown, number>();
    let luLow = 0;
    let luMin = Infinity;
    let luMax = 0;
    const N = 2000;
    for (let i = 0; i < N; i++) {
      const [, info] = env.reset(i === 0 ? { seed: 1 } : undefined);
      const r = info.randomization as Record<string, any>;
      expect(r.u).toBeGreaterThanOrEqual(-2);
      expect(r.u).toBeLessThanOrEqual(3);
      expect(r.lu).toBeGreaterThanOrEqual(0.01);
      expect(r.lu).toBeLessThanOrEqual(100);
      if (r.lu < 1) luLow++;
      luMin = Math.min(luMin, r.lu);
      luMax = Math.max(luMax, r.lu);
      expect(r.tn).toBeGreaterThanOrEqual(0);
      expect(r.tn).toBeLessThanOrEqual(8);
      expect(r.n).toBe(1);
      expect(Number.isInteger(r.k) && r.k >= 2 && r.k <= 4).toBe(true);
      ks.add(r.k);
      cs.set(r.c, (cs.get(r.c) ?? 0) + 1);
    }
    expect([...ks].sort()).toEqual([2, 3, 4]);
    expect(cs.has('fifo') && cs.has('spt')).toBe(true);
    expect([...cs.keys()].some((v) => typeof v === 'object')).toBe(false); // weight 0 never drawn
    expect((cs.get('spt') ?? 0) / N).toBeGreaterThan(0.7); // weight 3/4 (binomial sd ~0.01)
    expect(luLow / N).toBeGreaterThan(0.45); // log-uniform: half the mass below the geometric mean 1
    expect(luLow / N).toBeLessThan(0.55);
    expect(luMin).toBeLessThan(0.02);
    expect(luMax).toBeGreaterThan(50);
  });

  it('repeats under a seed (draws and the inner env stream, also for unseeded resets that follow)', () => {
    const run = (seed: number): unknown[] => {
      const env = new DomainRandomization(ALL, { factory: (kw) => make('DRProbe-v0', kw) });
      const out: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        const [obs, info] = env.reset(i === 0 ? { seed } : undefined);
        out.push(info.randomization, Array.from(obs));
      }
      return out;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    // the inner env's own stream continues across rebuilt envs, as an unwrapped env's would
    const env = new DomainRandomization(ALL, { factory: (kw) => make('DRProbe-v0', kw) });
    const plain = new Probe({});
    const a = [env.reset({ seed: 3 })[0][4], env.reset()[0][4], env.reset()[0][4]];
    const b = [plain.reset({ seed: 3 })[0][4], plain.reset()[0][4], plain.reset()[0][4]];
    expect(a).toEqual(b);
  });

  it('writes drawn values into the kwargs the inner env is built with (set, scale, wildcard paths)', () => {
    const env = new DomainRandomization(
      {
        params: {
          level: { dist: 'uniform', low: 10, high: 20 },
          gain: { dist: 'choice', values: [2], path: ['scale.a', 'scale.b.*'], mode: 'scale' },
        },
      },
      { factory: (kw) => make('DRProbe-v0', kw), kwargs: { scale: { a: 1.5, b: [3, 4] } } },
    );
    for (let i = 0; i < 3; i++) {
      const [obs, info] = env.reset({ seed: i });
      const r = info.randomization as Record<string, number>;
      expect(obs[0]).toBe(r.level);
      expect(Array.from(obs.slice(1, 4))).toEqual([3, 6, 8]); // scaled from the base each episode, not compounded
    }
    expect(env.drawn.gain).toBe(2);
  });

  it('refuses bad configs with the key path', () => {
    const mk = (cfg: unknown, kwargs: Record<string, unknown> = {}) => () => new DomainRandomization(cfg, { factory: (kw) => make('DRProbe-v0', kw), kwargs });
    expect(mk({ params: { a: { dist: 'uniform', low: 3, high: 1 } } })).toThrow(/params.a.high: uniform needs high >= low/);
    expect(mk({ params: { a: { dist: 'uniform', low: 0, high: 1, spread: 2 } } })).toThrow(/unknown key 'spread'/);
    expect(mk({ params: { a: { dist: 'gamma', k: 1 } } })).toThrow(InvalidConfig);
    expect(mk({ params: { a: { dist: 'loguniform', low: 0, high: 1 } } })).toThrow(/params.a.low/);
    expect(mk({ params: { a: { dist: 'uniform', low: 0, high: 1, mode: 'scale', path: 'level' } } })).toThrow(/scales 'level', which is missing, not a number/);
    expect(mk({ params: { a: { dist: 'uniform', low: 0, high: 1, path: 'x.__proto__.y' } } })).toThrow(/Invalid randomization path/);
    expect(() => new DomainRandomization({ params: {} }, {} as never)).toThrow(/needs a factory/);
  });
});

/** The documented FactoryLine-v0 example (docs/production.md). */
const FACTORY_EXAMPLE = {
  params: {
    loadTime: { dist: 'uniform', low: 15, high: 25, path: 'config.stages.0.processing.mean' },
    cncSpeed: { dist: 'loguniform', low: 0.8, high: 1.25, mode: 'scale', path: ['config.stages.1.processing.P1.mean', 'config.stages.1.processing.P2.mean'] },
    cncMtbf: { dist: 'normal', mean: 3600, std: 900, low: 1200, high: 7200, path: 'config.stages.1.failures.timeBetween.mean' },
    cncRepair: { dist: 'loguniform', low: 120, high: 900, path: 'config.stages.1.failures.repair.mean' },
    p2Share: { dist: 'choice', values: [0.5, 1, 2], path: 'config.products.1.weight' },
  },
};

describe('DomainRandomization on FactoryLine-v0 (documented example)', () => {
  it('rebuilds the line with the drawn processing-time means, failure rates and product mix', () => {
    const base = structuredClone(BUILTIN_SCENARIOS['parallel-breakdowns']);
    const env = new DomainRandomization(FACTORY_EXAMPLE, { factory: (kw) => make('FactoryLine-v0', kw), kwargs: { config: base } });
    for (let ep = 0; ep < 4; ep++) {
      const [, info] = env.reset({ seed: 100 + ep });
      const r = info.randomization as Record<string, number>;
      const sc = (env.unwrapped as FactoryLineEnv).model.scenario;
      const cnc = sc.stages[1] as any;
      expect((sc.stages[0] as any).processing.mean).toBe(r.loadTime);
      expect(cnc.processing.P1.mean).toBeCloseTo(50 * (r.cncSpeed ?? NaN), 9);
      expect(cnc.processing.P2.mean).toBeCloseTo(80 * (r.cncSpeed ?? NaN), 9);
      expect(cnc.failures.timeBetween.mean).toBe(r.cncMtbf);
      expect(cnc.failures.repair.mean).toBe(r.cncRepair);
      expect(sc.products[1]?.weight).toBe(r.p2Share);
      expect(r.cncMtbf).toBeGreaterThanOrEqual(1200);
      expect(r.cncMtbf).toBeLessThanOrEqual(7200);
      let done = false;
      for (let t = 0; t < 20 && !done; t++) {
        const mask = (env.unwrapped as FactoryLineEnv).actionSpace.mask;
        const [, , term, trunc] = env.step(mask.indexOf(1));
        done = term || trunc;
      }
    }
    expect(base.stages[0]?.processing).toEqual({ kind: 'exponential', mean: 20 }); // the base config is not modified
  });
});

/** The documented TrafficSignal-v0 example (docs/production.md). */
const TRAFFIC_EXAMPLE = {
  params: {
    demand: { dist: 'uniform', low: 200, high: 900, path: 'scenario.demand' },
    ewFactor: { dist: 'loguniform', low: 0.5, high: 2, path: 'scenario.ewFactor' },
    profile: {
      dist: 'choice',
      values: [
        [{ t: 0, factor: 1 }],
        [
          { t: 0, factor: 0.5 },
          { t: 1800, factor: 1.5 },
          { t: 3600, factor: 0.5 },
        ],
      ],
      path: 'scenario.profile',
    },
    left: { dist: 'uniform', low: 0.05, high: 0.25, path: 'scenario.turning.l' },
    right: { dist: 'uniform', low: 0.05, high: 0.25, path: 'scenario.turning.r' },
    headway: { dist: 'normal', mean: 1.2, std: 0.3, low: 0.6, high: 2, path: 'scenario.vehicleType.tau' },
    accel: { dist: 'uniform', low: 1.5, high: 3, path: 'scenario.vehicleType.accel' },
  },
};

describe('DomainRandomization on TrafficSignal-v0 (documented example)', () => {
  it('rebuilds the intersection with the drawn demand level and profile, turning ratios and car-following parameters', async () => {
    await import('../../envs/traffic/index.js');
    const env = new DomainRandomization(TRAFFIC_EXAMPLE, {
      factory: (kw) => make('TrafficSignal-v0', kw),
      kwargs: { scenario: { turning: { l: 0.1, s: 0.8, r: 0.1 } }, numSeconds: 60 },
    });
    for (let ep = 0; ep < 3; ep++) {
      const [, info] = env.reset({ seed: 20 + ep });
      const r = info.randomization as Record<string, any>;
      const sc = (env.unwrapped as unknown as { cfg: { scenario: Record<string, any> } }).cfg.scenario;
      expect(sc.demand).toBe(r.demand);
      expect(sc.ewFactor).toBe(r.ewFactor);
      expect(sc.profile).toEqual(r.profile);
      expect(sc.turning).toEqual({ l: r.left, s: 0.8, r: r.right });
      expect(sc.vehicleType).toEqual({ tau: r.headway, accel: r.accel });
      expect(r.demand).toBeGreaterThanOrEqual(200);
      expect(r.demand).toBeLessThanOrEqual(900);
      expect(r.headway).toBeGreaterThanOrEqual(0.6);
      expect(r.headway).toBeLessThanOrEqual(2);
      let done = false;
      while (!done) {
        const [, , term, trunc] = env.step(0);
        done = term || trunc;
      }
    }
  });
});
