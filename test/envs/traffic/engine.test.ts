import { describe, expect, it } from 'vitest';
import { idmAccel, kraussSafeSpeed } from '../../../envs/traffic/engine/carFollowing.js';
import { SIG_PROTECTED, SIG_RED, SIG_YELLOW } from '../../../envs/traffic/engine/SignalController.js';
import { TrafficEngine } from '../../../envs/traffic/engine/TrafficEngine.js';
import { createVehicleView } from '../../../envs/traffic/engine/engineViews.js';
import { gridNetwork } from '../../../envs/traffic/scenarios/gridNetwork.js';
import type { NetworkSpecInput } from '../../../envs/traffic/network/NetworkSpec.js';
import { InvalidConfig } from '../../../src/core/errors.js';
import { crossNetwork } from '../../helpers/crossNetwork.js';

/** W -> J -> E straight, one lane, and S -> J -> N; two phases. */
function cross(
  flows: NonNullable<NetworkSpecInput['demand']>['flows'],
  phases?: NonNullable<NetworkSpecInput['signals']>[number]['phases'],
  offset = 0,
): NetworkSpecInput {
  return crossNetwork(
    phases ?? [
      { protected: [0], duration: 10, yellow: 3, allRed: 2, minGreen: 5 },
      { protected: [1], duration: 20, yellow: 3, allRed: 2, minGreen: 5 },
    ],
    flows,
    offset,
  );
}

describe('car following', () => {
  it('IDM matches the formula by hand', () => {
    // free road: a = A (1 - (v/v0)^4)
    expect(idmAccel(10, 20, Infinity, 0, 1, 1.5, 1.5, 2, 4)).toBeCloseTo(1 - 0.0625, 12);
    // s* = 2 + 10*1.5 + 10*(10-5)/(2*sqrt(1.5)) = 17 + 20.4124 = 37.4124; a = 1*(1 - 0.0625 - (37.4124/30)^2)
    const sStar = 2 + 15 + 50 / (2 * Math.sqrt(1.5));
    expect(idmAccel(10, 20, 30, 5, 1, 1.5, 1.5, 2, 4)).toBeCloseTo(1 - 0.0625 - (sStar / 30) ** 2, 12);
  });

  it('Krauss safe speed equals the leader speed at the equilibrium gap v*tau and matches the formula', () => {
    expect(kraussSafeSpeed(10, 10, 10, 4.5, 1)).toBeCloseTo(10, 12);
    // vl + (g - vl tau) / ((v + vl)/(2b) + tau) = 8 + (20 - 8) / (18/9 + 1) = 12
    expect(kraussSafeSpeed(10, 8, 20, 4.5, 1)).toBeCloseTo(12, 12);
  });
});

describe('signals', () => {
  it('a fixed-time plan runs green, yellow, all-red per phase with its offset (hand-computed timeline)', () => {
    const e = new TrafficEngine(cross([]), {});
    e.reset(0);
    // cycle: 10 G + 3 Y + 2 R | 20 G + 3 Y + 2 R = 40 s; t in [0,10) phase 0 green
    const at: [number, number, number][] = [];
    for (let t = 1; t <= 40; t++) {
      e.step();
      at.push([t, e.connState[0], e.connState[1]]);
    }
    // as in SUMO, lights switch at the start of a step: the state during the step from t-1 to t is the plan's state at t-1
    const expected = (t: number): [number, number] => {
      const c = (t - 1) % 40;
      if (c < 10) return [SIG_PROTECTED, SIG_RED];
      if (c < 13) return [SIG_YELLOW, SIG_RED];
      if (c < 15) return [SIG_RED, SIG_RED];
      if (c < 35) return [SIG_RED, SIG_PROTECTED];
      if (c < 38) return [SIG_RED, SIG_YELLOW];
      return [SIG_RED, SIG_RED];
    };
    for (const [t, a, b] of at) expect([a, b], `t=${t}`).toEqual(expected(t));
    // an offset of 15 s shifts the plan: phase 0 starts at t = 15
    const f = new TrafficEngine(cross([], undefined, 15), {});
    f.reset(0);
    for (let t = 1; t <= 16; t++) f.step();
    // the step from 15 to 16 runs the plan's state at 15: the first second of phase 0, green for 0 s before it
    expect(f.connState[0]).toBe(SIG_PROTECTED);
    expect(f.signals.greenTime[0]).toBeCloseTo(0, 9);
    f.step();
    expect(f.signals.greenTime[0]).toBeCloseTo(1, 9);
  });

  it('a 0 s all-red or yellow costs no step: the next green (or the yellow) shows at once (hand-computed timeline)', () => {
    // 10 G + 3 Y + 0 R | 20 G + 0 Y + 0 R = 33 s; the step from t-1 to t runs the plan's state at t-1, as above
    const e = new TrafficEngine(
      cross(
        [],
        [
          { protected: [0], duration: 10, yellow: 3, allRed: 0 },
          { protected: [1], duration: 20, yellow: 0, allRed: 0 },
        ],
      ),
      {},
    );
    e.reset(0);
    const expected = (t: number): [number, number] => {
      const c = (t - 1) % 33;
      if (c < 10) return [SIG_PROTECTED, SIG_RED];
      if (c < 13) return [SIG_YELLOW, SIG_RED];
      return [SIG_RED, SIG_PROTECTED];
    };
    for (let t = 1; t <= 66; t++) {
      e.step();
      expect([e.connState[0], e.connState[1]], `t=${t}`).toEqual(expected(t));
    }
    // external control: a request after min green switches through the 3 s yellow straight to the new green
    const x = new TrafficEngine(
      cross(
        [],
        [
          { protected: [0], duration: 10, yellow: 3, allRed: 0, minGreen: 5 },
          { protected: [1], duration: 10, yellow: 3, allRed: 0, minGreen: 5 },
        ],
      ),
      { signalMode: 'external' },
    );
    x.reset(0);
    x.requestPhase(0, 1);
    const states: number[] = [];
    for (let t = 1; t <= 9; t++) {
      x.step();
      states.push(x.connState[1]);
    }
    // green 0 until t = 5, yellow during 5-8, phase 1 green from t = 8
    expect(states).toEqual([SIG_RED, SIG_RED, SIG_RED, SIG_RED, SIG_RED, SIG_RED, SIG_RED, SIG_PROTECTED, SIG_PROTECTED]);
  });

  it('external control honours min green, inserts yellow and all-red, and forces a change at max green', () => {
    const spec = cross(
      [],
      [
        { protected: [0], duration: 10, yellow: 3, allRed: 1, minGreen: 8, maxGreen: 30 },
        { protected: [1], duration: 10, yellow: 3, allRed: 1, minGreen: 8, maxGreen: 30 },
      ],
    );
    const e = new TrafficEngine(spec, { signalMode: 'external' });
    e.reset(0);
    e.requestPhase(0, 1);
    const states: number[] = [];
    for (let t = 1; t <= 14; t++) {
      e.step();
      states.push(e.connState[1]);
    }
    // green 0 until min green (8 s), 3 s yellow, 1 s all-red: phase 1 green from t = 12
    expect(states.slice(0, 11).every((s) => s === SIG_RED)).toBe(true);
    expect(states[11]).toBe(SIG_PROTECTED);
    expect(e.connState[0]).toBe(SIG_RED);
    // no request: phase 1 stays until max green (30 s), then phase 0 follows by itself
    for (let t = 15; t <= 12 + 30 + 4 + 1; t++) e.step();
    expect(e.signals.phase[0]).toBe(0);
  });
});

describe('demand and insertion', () => {
  it('uniform and scheduled insertions give exact counts; Poisson counts match the mean within 4 sigma', () => {
    const e = new TrafficEngine(
      cross([
        { route: ['we', 'je'], vehPerHour: 360, insertion: 'uniform', end: 1000 },
        { route: ['sn', 'jn'], vehPerHour: 0, insertion: 'scheduled', times: [5, 5.5, 100, 2000] },
      ]),
      {},
    );
    e.reset(1);
    for (let i = 0; i < 1500; i++) e.step();
    // uniform 360 veh/h over [0, 1000): one every 10 s -> 100; scheduled: 3 before t = 1500
    expect(e.counters.queued).toBe(103);
    const p = new TrafficEngine(cross([{ route: ['we', 'je'], vehPerHour: 720 }]), {});
    let total = 0;
    for (const seed of [1, 2, 3, 4]) {
      p.reset(seed);
      for (let i = 0; i < 3600; i++) p.step();
      total += p.counters.queued;
    }
    expect(Math.abs(total - 2880)).toBeLessThan(4 * Math.sqrt(2880));
  });

  it('scheduled departures before their flow begins wait for it, none after its end; restore resumes the schedule', () => {
    // begin 50: the departures at 5 and 5.5 s join the queue in the step [50, 51); 100 s in [100, 101); 2000 s is after the end
    const e = new TrafficEngine(
      cross([
        { route: ['sn', 'jn'], vehPerHour: 0, insertion: 'scheduled', times: [2000, 5.5, 100, 5], begin: 50, end: 1000 },
        { route: ['we', 'je'], vehPerHour: 360, insertion: 'uniform', begin: 40, end: 200 },
      ]),
      {},
    );
    e.reset(0);
    const queuedAt = (t: number): number => {
      while (e.time < t) e.step();
      return e.counters.queued;
    };
    // uniform 0.1 veh/s from 40 s (first threshold just under 1): one at 40, 50, ..., 190 s (16)
    expect(queuedAt(50)).toBe(1);
    const snap = e.snapshot();
    expect(queuedAt(51)).toBe(2 + 2);
    expect(queuedAt(100)).toBe(6 + 2);
    expect(queuedAt(101)).toBe(7 + 3);
    expect(queuedAt(1500)).toBe(16 + 3);
    e.restore(snap);
    expect(queuedAt(1500)).toBe(19);
    e.reset(0);
    expect(queuedAt(1500)).toBe(19);
  });

  it('a time-varying profile shapes the arrivals (a morning peak at three times the base rate)', () => {
    const profile = [{ t: 0, factor: 1 }, { t: 1799, factor: 1 }, { t: 1800, factor: 3 }, { t: 3599, factor: 3 }, { t: 3600, factor: 1 }];
    const e = new TrafficEngine(cross([{ route: ['we', 'je'], vehPerHour: 300, insertion: 'uniform', profile }]), {});
    e.reset(0);
    for (let i = 0; i < 1800; i++) e.step();
    const base = e.counters.queued;
    for (let i = 0; i < 1800; i++) e.step();
    const peak = e.counters.queued - base;
    expect(base).toBeGreaterThanOrEqual(149);
    expect(base).toBeLessThanOrEqual(151);
    expect(peak).toBeGreaterThanOrEqual(447);
    expect(peak).toBeLessThanOrEqual(452);
  });

  it('vehicles wait in an insertion queue when the entry lane is full, and that wait counts as delay', () => {
    const e = new TrafficEngine(cross([{ route: ['we', 'je'], vehPerHour: 3000, insertion: 'uniform', end: 1200 }]), {});
    e.reset(0);
    let maxPending = 0;
    for (let i = 0; i < 1200; i++) {
      e.step();
      maxPending = Math.max(maxPending, e.metrics().pending);
    }
    expect(maxPending).toBeGreaterThan(50);
    const m = e.metrics();
    expect(m.meanDepartDelay).toBeGreaterThan(10);
    expect(m.meanDelay).toBeGreaterThan(m.meanTimeLoss);
  });
});

describe('engine', () => {
  it('snapshot/restore reproduces the run exactly (Krauss dawdling draws from the restored stream)', () => {
    const e = new TrafficEngine(gridNetwork({ rows: 2, cols: 2, lanes: 2, demand: 500 }), { model: 'krauss' });
    e.reset(5);
    for (let i = 0; i < 300; i++) e.step();
    const snap = e.snapshot();
    for (let i = 0; i < 300; i++) e.step();
    const a = e.metrics();
    e.restore(snap);
    for (let i = 0; i < 300; i++) e.step();
    expect(e.metrics()).toEqual(a);
  });

  it('vehicleView gives positions on the lane centre line with the driving heading', () => {
    const e = new TrafficEngine(cross([{ route: ['we', 'je'], vehPerHour: 0, insertion: 'scheduled', times: [0] }]), {});
    e.reset(0);
    for (let i = 0; i < 3; i++) e.step();
    const view = e.vehicleView(createVehicleView(1));
    expect(view.count).toBe(1);
    // eastbound lane 0, width 3.2: centre 1.6 m right of the road's left edge (y = 0), heading 0
    expect(view.y[0]).toBeCloseTo(-1.6, 6);
    expect(view.heading[0]).toBeCloseTo(0, 6);
    expect(view.x[0]).toBeGreaterThan(-300);
    expect(view.speed[0]).toBeGreaterThan(5);
  });

  it('refuses bad engine options naming the key', () => {
    expect(() => new TrafficEngine(cross([]), { step: 5 })).toThrow(InvalidConfig);
    expect(() => new TrafficEngine(cross([]), { step: 5 })).toThrow(/step/);
    expect(() => new TrafficEngine(cross([]), { model: 'wiedemann' as 'idm' })).toThrow(/model/);
  });
});
