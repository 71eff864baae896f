// Property tests of the traffic engine over random grid scenarios and seeds: vehicles are conserved
// (queued = waiting to enter + running + arrived, inserted = running + arrived), vehicles on one lane or
// junction path keep their order and never overlap (gap >= the leader's length), speeds and positions
// stay within [0, limit] and [0, segment length], and the clock advances by exactly one step each step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrafficEngine } from '../../../envs/traffic/engine/TrafficEngine.js';
import { VEH_PENDING, VEH_RUNNING } from '../../../envs/traffic/engine/VehicleStore.js';
import { gridNetwork } from '../../../envs/traffic/scenarios/gridNetwork.js';

const scenario = fc.record({
  rows: fc.integer({ min: 1, max: 2 }),
  cols: fc.integer({ min: 1, max: 2 }),
  lanes: fc.integer({ min: 1, max: 2 }),
  demand: fc.integer({ min: 100, max: 900 }),
  turning: fc.constantFrom({ l: 0.1, s: 0.8, r: 0.1 }, { l: 0.3, s: 0.4, r: 0.3 }, { l: 0, s: 1, r: 0 }),
  insertion: fc.constantFrom('poisson' as const, 'uniform' as const),
  unsignalized: fc.boolean(),
});

function check(e: TrafficEngine, t0: number, k: number): void {
  const v = e.veh;
  const c = e.counters;
  expect(e.time).toBeCloseTo(t0 + k * e.dt, 9);
  let running = 0;
  let pending = 0;
  for (let i = 0; i < v.capacity; i++) {
    if (v.state[i] === VEH_RUNNING) running++;
    else if (v.state[i] === VEH_PENDING) pending++;
  }
  expect(running).toBe(v.runCount);
  expect(c.inserted).toBe(c.arrived + running);
  expect(c.queued).toBe(c.inserted + pending);
  const len = e.net.demand.typeLength;
  for (let s = 0; s < e.net.nSegs; s++) {
    let n = 0;
    let prev = -1;
    for (let x = e.segHead[s]; x >= 0; x = v.behind[x]) {
      n++;
      const pos = v.pos[x];
      expect(v.seg[x]).toBe(s);
      expect(pos).toBeGreaterThanOrEqual(-1e-9);
      expect(pos).toBeLessThanOrEqual((e.net.segLength[s]) + 1e-9);
      expect(v.speed[x]).toBeGreaterThanOrEqual(0);
      if (prev >= 0) {
        // the follower's front is behind the leader's back
        expect((v.pos[prev]) - pos, `segment ${s}`).toBeGreaterThanOrEqual((len[v.type[prev]]) - 1e-6);
      }
      prev = x;
      expect(n).toBeLessThanOrEqual(v.capacity);
    }
    expect(n).toBe(e.segCount[s]);
  }
}

describe('traffic engine properties', () => {
  it('conservation, order without overlap, bounded positions and a steady clock on random grids', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (sc, seed) => {
        const e = new TrafficEngine(gridNetwork(sc));
        e.reset(seed);
        const t0 = e.time;
        for (let k = 1; k <= 400; k++) {
          e.step();
          if (k % 10 === 0) check(e, t0, k);
        }
        expect(e.counters.inserted).toBeGreaterThan(0);
      }),
      { numRuns: 8, seed: 424242 },
    );
  });

  it('the same seed gives the same run; snapshot/restore replays it exactly', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (sc, seed) => {
        const a = new TrafficEngine(gridNetwork(sc));
        a.reset(seed);
        for (let k = 0; k < 150; k++) a.step();
        const snap = a.snapshot();
        for (let k = 0; k < 150; k++) a.step();
        const b = new TrafficEngine(gridNetwork(sc));
        b.reset(seed);
        for (let k = 0; k < 300; k++) b.step();
        expect(JSON.stringify(b.metrics())).toBe(JSON.stringify(a.metrics()));
        a.restore(snap);
        for (let k = 0; k < 150; k++) a.step();
        expect(JSON.stringify(a.metrics())).toBe(JSON.stringify(b.metrics()));
      }),
      { numRuns: 5, seed: 99 },
    );
  });
});
