// Property tests of the flow-line simulator over random line configurations, seeds and decisions:
// jobs are conserved (released = finished + WIP, every live job in exactly one place), no buffer is
// negative or above its capacity, no machine holds a dead job, and the clock never runs backwards nor
// past the horizon. Bounded: small horizons and numRuns so the file runs in a few seconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowLineSim, SIM_DISPATCH, SIM_END, SIM_RELEASE } from '../../../envs/factory/FlowLineSim.js';
import { LineModel } from '../../../envs/factory/LineModel.js';
import { FactoryLineEnv } from '../../../envs/factory/FactoryLineEnv.js';
import { Rng } from '../../../src/rng/Rng.js';

const dist = fc.oneof(
  fc.double({ min: 0.2, max: 6, noNaN: true }),
  fc.record({ kind: fc.constant('exponential'), mean: fc.double({ min: 0.2, max: 6, noNaN: true }) }),
  fc
    .double({ min: 0.1, max: 3, noNaN: true })
    .chain((low) => fc.record({ kind: fc.constant('uniform'), low: fc.constant(low), high: fc.double({ min: low, max: low + 4, noNaN: true }) })),
  fc.record({ kind: fc.constant('normal'), mean: fc.double({ min: 0.5, max: 5, noNaN: true }), std: fc.double({ min: 0, max: 2, noNaN: true }) }),
  fc.record({ kind: fc.constant('lognormal'), mean: fc.double({ min: 0.5, max: 5, noNaN: true }), std: fc.double({ min: 0, max: 2, noNaN: true }) }),
);

const stage = (i: number) =>
  fc.record(
    {
      name: fc.constant(`s${i}`),
      machines: fc.integer({ min: 1, max: 3 }),
      buffer: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant('infinite' as const)),
      processing: dist,
      failures: fc.record({
        timeBetween: fc.record({ kind: fc.constant('exponential'), mean: fc.double({ min: 20, max: 200, noNaN: true }) }),
        repair: fc.double({ min: 0.5, max: 10, noNaN: true }),
      }),
      maintenance: fc.record({ interval: fc.double({ min: 30, max: 200, noNaN: true }), duration: fc.double({ min: 0.5, max: 5, noNaN: true }) }),
    },
    { requiredKeys: ['name', 'machines', 'buffer', 'processing'] },
  );

const release = fc.oneof(
  fc.record({
    kind: fc.constant('poisson'),
    rate: fc.double({ min: 0.05, max: 2, noNaN: true }),
    control: fc.constantFrom('immediate', 'agent'),
    reviewInterval: fc.constant(5),
  }),
  fc.record({
    kind: fc.constant('poisson'),
    rate: fc.double({ min: 0.05, max: 2, noNaN: true }),
    control: fc.constant('conwip'),
    wipCap: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({ kind: fc.constant('conwip'), wipCap: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant('orders'),
    orders: fc.array(
      fc.record({ time: fc.double({ min: 0, max: 200, noNaN: true }), product: fc.constantFrom('A', 'B'), quantity: fc.integer({ min: 1, max: 20 }) }),
      { minLength: 1, maxLength: 5 },
    ),
  }),
);

const scenario = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc.record({
    horizon: fc.double({ min: 50, max: 600, noNaN: true }),
    warmup: fc.double({ min: 0, max: 40, noNaN: true }),
    products: fc.constant([{ name: 'A', weight: 2 }, { name: 'B', weight: 1 }]),
    stages: fc.tuple(...Array.from({ length: n }, (_, i) => stage(i))),
    release,
  }),
);

/** Asserts every invariant of the current simulator state; returns nothing, throws on a breach. */
function checkInvariants(sim: FlowLineSim, lastT: number): void {
  const md = sim.model;
  expect(sim.now).toBeGreaterThanOrEqual(lastT);
  expect(sim.now).toBeLessThanOrEqual(md.horizon);
  expect(sim.wip).toBeGreaterThanOrEqual(0);
  const seen = new Set<number>();
  for (let s = 0; s <= md.nStages; s++) {
    const b = sim.buffers[s];
    if (!b) continue;
    expect(b.length).toBeGreaterThanOrEqual(0);
    if (s < md.nStages) expect(b.length).toBeLessThanOrEqual(md.bufCap[s]);
    for (let i = 0; i < b.length; i++) {
      const j = b.at(i);
      expect(seen.has(j)).toBe(false);
      expect(sim.jobs.live[j]).toBe(1);
      seen.add(j);
    }
  }
  let onMachines = 0;
  for (let m = 0; m < md.nMachines; m++) {
    const j = sim.machJob[m];
    if (j < 0) continue;
    expect(seen.has(j)).toBe(false);
    expect(sim.jobs.live[j]).toBe(1);
    seen.add(j);
    onMachines++;
  }
  expect(onMachines).toBeLessThanOrEqual(md.nMachines);
  const backlog = sim.queueLength(md.nStages);
  expect(seen.size).toBe(sim.wip + backlog);
  // released (created) = finished + in the line + waiting to be released
  expect(sim.jobs.created).toBe(sim.cumCompleted + sim.wip + backlog);
}

describe('flow-line simulator properties', () => {
  it('conservation, buffer bounds and a monotone clock hold at every decision of random lines', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (sc, seed, policySeed) => {
        const sim = new FlowLineSim(LineModel.fromConfig(sc));
        sim.agentDispatch = true;
        sim.reset(new Rng(seed));
        const pick = new Rng(policySeed);
        let last = 0;
        let code = sim.advance();
        let decisions = 0;
        while (code !== SIM_END && decisions < 5000) {
          checkInvariants(sim, last);
          last = sim.now;
          if (code === SIM_DISPATCH) sim.dispatchIndex(pick.integers(0, sim.queueLength(sim.model.machStage[sim.decisionMachine])));
          else if (code === SIM_RELEASE) sim.release(pick.random() < 0.7);
          code = sim.advance();
          decisions++;
        }
        checkInvariants(sim, last);
        if (code === SIM_END) expect(sim.done).toBe(true);
      }),
      { numRuns: 35, seed: 20261129 },
    );
  });

  it('the same seed gives the same trajectory (replayed twice from fresh simulators)', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (sc, seed) => {
        const run = (): number[] => {
          const sim = new FlowLineSim(LineModel.fromConfig(sc));
          sim.reset(new Rng(seed));
          sim.advance();
          return [sim.now, sim.cumCompleted, sim.cumCycle, sim.cumTardiness, sim.cumWipArea, sim.jobs.created];
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 25, seed: 7 },
    );
  });

  it('FactoryLine-v0 over random scenarios: obs in space, allowed actions accepted, finite metrics, time monotone', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 1e6 }), fc.constantFrom('rule', 'pick'), (sc, seed, mode) => {
        const env = new FactoryLineEnv({ config: sc, mode });
        let [obs] = env.reset({ seed });
        const rng = new Rng(seed + 1);
        let t = env.sim.now;
        for (let i = 0; i < 300; i++) {
          expect(env.observationSpace.contains(obs)).toBe(true);
          const a = env.actionSpace.sample(rng);
          const [o, r, term, trunc, info] = env.step(a);
          expect(Number.isFinite(r)).toBe(true);
          expect(env.sim.now).toBeGreaterThanOrEqual(t);
          t = env.sim.now;
          obs = o;
          if (term || trunc) {
            for (const v of Object.values((info.metrics ?? {}) as Record<string, number>)) expect(Number.isFinite(v), JSON.stringify(info.metrics)).toBe(true);
            break;
          }
        }
      }),
      { numRuns: 25, seed: 11 },
    );
  });
});
