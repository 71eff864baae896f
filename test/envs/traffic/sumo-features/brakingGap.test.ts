import { describe, expect, it } from 'vitest';
import { trajectory } from './tsgymRun.js';

/*
 * The gap a lane change needs to the new leader (test/fixtures/sumo/brakinggap): SUMO 1.15's
 * `MSCFModel::getSecureGap` asks the changer to be able to stop behind the new leader with its headway,
 * also when it is braking already (the smaller gap for a driver already braking came with SUMO 1.16,
 * issue #12108). `ego` approaches, at 13.89 m/s on the right lane, a red light with three drivers standing
 * on its lane and two on the left one, wants the left lane for speed from 49 s and brakes meanwhile.
 */

describe('lane change gap for a driver already braking (SUMO 1.15)', () => {
  it('waits while the gap to the new leader is less than its secure gap with headway, then changes (SUMO 1.15 fcd)', () => {
    const { at, log } = trajectory('brakinggap/bg.sumocfg', (t) => t.depart === 30, 200);
    expect(at.get(49)).toBe('WC_0 263.35 13.33');
    // braking at 4.5 m/s² the 11.83 m gap to q1b is less than the 13.16 m it needs with its 1 s
    // headway (more than the 4.33 m it would need to stop braking as now): it stays
    expect(at.get(50)).toBe('WC_0 272.17 8.83');
    expect(at.get(51)).toBe('WC_1 276.50 4.33');
    expect(at.get(52)).toBe('WC_1 282.50 6.00');
    expect(at.get(53)).toBe('WC_1 284.00 1.50');
    expect(at.get(105)).toBe('CE_1 9.90 10.40');
    // SUMO 1.15's tripinfo: q0a and q1a 116 s, q0b and q1b 118 s, q0c and ego 119 s
    expect(log.arrived().map((t) => t.arrival).sort((a, b) => a - b)).toEqual([116, 116, 118, 118, 119, 119]);
  });
});
