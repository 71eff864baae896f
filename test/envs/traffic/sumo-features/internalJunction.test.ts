import { describe, expect, it } from 'vitest';
import { HALTING_SPEED } from '../../../../envs/traffic/engine/EngineCounters.js';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, segName, TripLog } from './tsgymRun.js';

/*
 * A permitted left turn that waits inside the junction (test/fixtures/sumo/priority, leftwait.sumocfg):
 * the main-road left turn W -> N crosses the opposing E -> W stream. netconvert splits its path at an
 * internal junction (:C_14_0, 4.07 m, then :C_18_0), so the driver enters the junction and waits at the
 * internal junction for a gap, leaving the stop line free. Opposing vehicles come every 2 s for 2 min:
 * no gap until the stream ends (last departure at 118 s, 29 s of driving to the end of CW).
 */

describe('internal junction: a permitted left turn waits inside the junction', () => {
  const net = loadFixture('priority/leftwait.sumocfg');
  const e = engineFor(net);
  e.reset(1);
  const log = new TripLog(e);
  const c = net.spec.connections.findIndex((x) => x.from === 'WC' && x.to === 'CN');
  const first = e.net.connSegStart[c] ?? -1;
  const halted: { seg: string; t: number }[] = [];
  runUntil(e, 300, log, () => {
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      if (vs.route[v] !== undefined && e.net.roadIds[e.routes.road(vs.route[v] ?? 0, 0)] === 'WC' && (vs.speed[v] ?? 0) < HALTING_SPEED)
        halted.push({ seg: segName(e, vs.seg[v] ?? 0), t: e.time - e.dt });
    }
  });
  const trips = [...log.trips.values()];
  const left = trips.find((t) => t.route.join() === 'WC,CN');

  it('the left turn is imported as two internal lanes split at the internal junction, as in the net file', () => {
    expect(net.spec.connections[c]?.via?.map((l) => l.length)).toEqual([4.07, 10.13]);
    expect(e.net.connSegCount[c]).toBe(2);
  });

  it('the left turner halts only on the first internal lane, until the stream has passed', () => {
    expect(halted.length).toBeGreaterThan(60);
    expect(new Set(halted.map((h) => h.seg))).toEqual(new Set([`:conn${c}_0`]));
    expect(segName(e, first)).toBe(`:conn${c}_0`);
    // it reaches the junction after about 14 s of driving (departure at 20 s) and leaves once the last
    // opposing vehicle (inserted at 118 s, 14 s from the junction) has crossed its path
    const from = Math.min(...halted.map((h) => h.t));
    const to = Math.max(...halted.map((h) => h.t));
    expect(from).toBeGreaterThanOrEqual(33);
    expect(from).toBeLessThanOrEqual(37);
    expect(to).toBeGreaterThanOrEqual(130);
    expect(to).toBeLessThanOrEqual(136);
    expect(left?.arrival).toBeGreaterThan(to);
    if (SUMO_AVAILABLE) {
      // SUMO 1.15 waits at the same place (:C_14_0 is the first internal lane of WC -> CN) and leaves within 2 s
      const ref = runSumo(fixture('priority/leftwait.sumocfg'), { fcd: true });
      const waits = ref.fcd.filter((p) => p.id === 'left' && p.speed < HALTING_SPEED);
      expect(new Set(waits.map((p) => p.lane))).toEqual(new Set([':C_14_0']));
      expect(Math.abs(Math.max(...waits.map((p) => p.time)) - to)).toBeLessThanOrEqual(2);
      expect(Math.abs((ref.trips.find((t) => t.id === 'left')?.arrival ?? 0) - (left?.arrival ?? 0))).toBeLessThanOrEqual(2);
    }
  });

  it('the opposing stream is not delayed: every opposing driver takes the free-flow 29 s', () => {
    const opposing = trips.filter((t) => t.route[0] === 'EC');
    expect(opposing.length).toBe(60);
    for (const t of opposing) expect(t.arrival - t.depart).toBe(29);
  });
});
