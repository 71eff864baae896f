import { describe, expect, it } from 'vitest';
import { meanDuration, runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * test/fixtures/sumo/program/program.sumocfg: the network's program for signal C is 42 s green per
 * direction; an additional file (root `<add>`, as SUMO's own examples write it) loads a second program,
 * 70 s north-south and 14 s east-west green. SUMO runs the program loaded last, so east-west drivers wait
 * far longer than north-south ones.
 */

const CFG = 'program/program.sumocfg';

describe('a signal program loaded from an additional file', () => {
  const net = loadFixture(CFG);

  it('replaces the network\'s program (the one loaded last runs), with a warning naming both', () => {
    const program = net.spec.signals[0]?.program;
    expect(program?.steps.map((s) => s.duration)).toEqual([70, 3, 14, 3]);
    const w = net.warnings.find((x) => x.element.includes("tlLogic 'C' program '0'"));
    expect(w?.message).toMatch(/replaced by program 'nsLong'.*program\.add\.xml/);
  });

  it('gives east-west drivers the longer wait, and the same mean trip durations as SUMO 1.15', () => {
    const e = engineFor(net);
    const mean = (seed: number): { ew: number; ns: number } => {
      e.reset(seed);
      const log = new TripLog(e);
      runUntil(e, 1200, log);
      const done = [...log.trips.values()].filter((t) => Number.isFinite(t.arrival));
      const m = (from: string, to: string): number => {
        const ts = done.filter((t) => t.route[0] === from && t.route.at(-1) === to);
        return ts.reduce((a, t) => a + t.arrival - t.depart, 0) / ts.length;
      };
      return { ew: m('EC', 'CW'), ns: m('NC', 'CS') };
    };
    const runs = [1, 2, 3].map(mean);
    const ew = runs.reduce((a, r) => a + r.ew, 0) / 3;
    const ns = runs.reduce((a, r) => a + r.ns, 0) / 3;
    // red for 76 of 90 s: an east-west driver arriving at random waits (76 / 90) * 76 / 2 = 32 s on average
    // before its queue discharges; a north-south one (20 / 90) * 20 / 2 = 2.2 s
    expect(ew - ns).toBeGreaterThan(20);
    if (!SUMO_AVAILABLE) return;
    const ref = [1, 2, 3].map((seed) => runSumo(fixture(CFG), { seed }).trips);
    const sumo = (prefix: string): number => ref.reduce((a, ts) => a + meanDuration(ts.filter((t) => t.id.startsWith(prefix))), 0) / 3;
    expect(Math.abs(ew / sumo('fEW') - 1)).toBeLessThan(0.1);
    expect(Math.abs(ns / sumo('fNS') - 1)).toBeLessThan(0.1);
  });
});
