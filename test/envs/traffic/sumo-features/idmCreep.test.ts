import { describe, expect, it } from 'vitest';
import { trajectory } from './tsgymRun.js';

/*
 * An IDM driver waiting at a closed minor link drives its waiting speed as it is
 * (test/fixtures/sumo/idmcreep): SUMO 1.15's MSCFModel_IDM::stopSpeed integrates in 0.25 s sub-steps, so a
 * driver creeping up to the stop line can get a waiting speed (0.65 m/s) that carries it over the line, and
 * SUMO's processLinkApproaches drives it: the driver is on the junction although its link never opened, and
 * the major road's next car brakes for it. No dawdling.
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
});
