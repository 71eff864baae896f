import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, runUntil, segName, trajectory, TripLog } from './tsgymRun.js';

/*
 * An IDM driver waiting at a closed minor link drives its waiting speed as it is
 * (test/fixtures/sumo/idmcreep): SUMO 1.15's MSCFModel_IDM::stopSpeed integrates in 0.25 s sub-steps, so a
 * driver creeping up to the stop line can get a waiting speed (0.65 m/s) that carries it over the line, and
 * SUMO's processLinkApproaches drives it: the driver is on the junction although its link never opened, and
 * the major road's next car brakes for it. Not over a red light, though: there SUMO's processLaneAdvances
 * stops the driver at the end of its lane ("emergency stop ... because of a red traffic light"). No dawdling.
 */

const CFG = 'idmcreep/idmcreep.sumocfg';

describe('an IDM driver creeping up to a closed minor link', () => {
  it('passes its stop line with its waiting speed and crosses as in SUMO 1.15', () => {
    const { at } = trajectory(CFG, (t) => t.route[0] === 'SC', 40);
    // SUMO 1.15's fcd: SC_0 191.42 m 1.62 m/s, 192.26 m 0.84 m/s, then :C_1_0 0.11 m 0.65 m/s (over the line
    // of a closed link), 3.36 m, 9.19 m, CN_0 6.25 m
    expect(at.get(20)).toBe('SC_0 189.80 0.00');
    expect(at.get(21)).toBe('SC_0 191.42 1.62');
    expect(at.get(22)).toBe('SC_0 192.26 0.84');
    expect(at.get(23)).toBe('junction 0.11 0.65');
    expect(at.get(24)).toBe('junction 3.36 3.25');
    expect(at.get(25)).toBe('junction 9.19 5.82');
    expect(at.get(26)).toBe('CN_0 6.25 8.27');
  });

  it('makes the next major car brake, and every trip ends at SUMO 1.15 times', () => {
    const { at, log } = trajectory(CFG, (t) => t.route[0] === 'WC' && t.depart === 8, 120);
    // SUMO 1.15's fcd: m4 on WC_0 185.02 m at 12.31 m/s at 23 s, 190.12 m at 5.10 m/s at 24 s
    expect(at.get(23)).toBe('WC_0 185.02 12.31');
    expect(at.get(24)).toBe('WC_0 190.12 5.10');
    // SUMO 1.15's tripinfo: s 41 s; m0 .. m20 29, 32, 35, 38, 43, 46, 48, 51, 53, then every 2 s to 77 s
    const arrivals = new Map(log.arrived().map((t) => [`${t.route[0]}@${t.depart}`, t.arrival]));
    expect(arrivals.get('SC@20')).toBe(41);
    const major = [29, 32, 35, 38, 43, 46, 48, 51, 53, 55, 57, 59, 61, 63, 65, 67, 69, 71, 73, 75, 77];
    expect(major.map((_, i) => arrivals.get(`WC@${2 * i}`))).toEqual(major);
  });

  it('stops at the end of its lane where the stop line it would pass shows red', () => {
    // test/fixtures/sumo/idmcreep/red.sumocfg, 2 s steps: r stands at 193.50 m of WC (196 m) at red; its
    // waiting speed 0.65 m/s (2.5 m left, less SUMO's 1 m to the line at red) would carry it 1.3 m to 196.1 m:
    // SUMO 1.15 stops it at 196.00 m with speed 0 at 6 s ("emergency stop ... because of a red traffic light"),
    // where it waits until the light turns green at 46 s; fcd and tripinfo: on the junction at 46 s, arrival at 62 s
    const net = loadFixture('idmcreep/red.sumocfg');
    const e = engineFor(net, { step: net.stepLength ?? 1 });
    e.reset(1);
    const log = new TripLog(e);
    const at = new Map<number, string>();
    runUntil(e, 120, log, () => {
      const vs = e.veh;
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        at.set(e.time - e.dt, `${segName(e, vs.seg[v] ?? 0)} ${(vs.pos[v] ?? 0).toFixed(2)} ${(vs.speed[v] ?? 0).toFixed(2)}`);
      }
    });
    expect(e.dt).toBe(2);
    expect(at.get(2)).toBe('WC_0 193.50 0.00');
    expect(at.get(4)).toBe('WC_0 194.80 0.65');
    expect(at.get(6)).toBe('WC_0 196.00 0.00');
    expect(at.get(44)).toBe('WC_0 196.00 0.00');
    expect(at.get(46)).toMatch(/^:conn\d+_0 10\.37 5\.19$/); // :C_2_0 in SUMO
    expect(at.get(48)).toBe('CE_0 18.96 9.89');
    expect(log.arrived().map((t) => t.arrival)).toEqual([62]);
  });

  it('yields on the junction to a major car that entered in the same step, being the slower', () => {
    // test/fixtures/sumo/idmcreep/tie.sumocfg: s stands 1 m before its line and creeps onto the junction
    // (0.39 m at 0.65 m/s) in the step in which m3 enters it (12.57 m/s): equal entry times, and SUMO 1.15
    // lets the slower yield (also with s renamed a, so not by name): s stops there at 23 s, then crosses;
    // m4 brakes for it. SUMO 1.15's fcd and tripinfo
    const { at } = trajectory('idmcreep/tie.sumocfg', (t) => t.route[0] === 'SC', 40);
    expect(at.get(22)).toBe('junction 0.39 0.65');
    expect(at.get(23)).toBe('junction 0.39 0.00');
    expect(at.get(24)).toBe('junction 2.99 2.60');
    expect(at.get(26)).toBe('CN_0 4.66 7.68');
    const { at: m4, log } = trajectory('idmcreep/tie.sumocfg', (t) => t.route[0] === 'WC' && t.depart === 8, 120);
    expect(m4.get(23)).toBe('WC_0 181.65 8.94');
    expect(m4.get(25)).toBe('WC_0 192.00 4.00');
    const arrivals = new Map(log.arrived().map((t) => [`${t.route[0]}@${t.depart}`, t.arrival]));
    expect(arrivals.get('SC@20')).toBe(41);
    const major = [29, 32, 35, 38, 43, 46, 48, 51, 53, 55, 57, 59, 61, 63, 65, 68, 70, 72, 74, 76, 78];
    expect(major.map((_, i) => arrivals.get(`WC@${2 * i}`))).toEqual(major);
  });
});
