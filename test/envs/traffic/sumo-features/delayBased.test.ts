import { describe, expect, it } from 'vitest';
import { keepGreenFor } from '../../../../envs/traffic/engine/LaneAreaDetectors.js';
import { meanDuration, runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { fixture, runSeeds, signalSwitches as switches } from './tsgymRun.js';

/*
 * SUMO's time-loss-based signal logic (test/fixtures/sumo/delaybased: netconvert's delay_based program,
 * greens of 5-50 s, yellows of 3 s): a lane-area detector on the last 100 m of each approach lane; at its
 * checks a green is kept (at least to its minDur, at most to its maxDur) as long as a vehicle on a green
 * lane that has lost more than 1 s can reach the stop line before the maxDur; while no vehicle stands on a
 * detector of a red lane, the green goes on one second at a time, past its maxDur.
 */

describe('delay_based signal programs (SUMO type="delay_based")', () => {
  it('decides at a check as SUMO does: minDur first, the proposal up to maxDur, beyond it only while nobody waits at red', () => {
    // a green of 5-50 s: at 3 s it runs on to its minDur
    expect(keepGreenFor(3, 5, 50, 0, false)).toBe(2);
    // at 12 s a vehicle that lost time needs 3.2 s to the stop line
    expect(keepGreenFor(12, 5, 50, 3.2, false)).toBe(3.2);
    // at 48 s no more than to the maxDur
    expect(keepGreenFor(48, 5, 50, 3.2, false)).toBe(2);
    // at 55 s, past the maxDur: one second more while nobody waits at red, else it ends
    expect(keepGreenFor(55, 5, 50, 0, true)).toBe(1);
    expect(keepGreenFor(55, 5, 50, 0, false)).toBe(0);
  });

  it('keeps the green of the only stream past its maxDur while nobody waits at red', () => {
    // by hand: only north-south traffic (step 0 green); east-west detectors stay empty, so step 0 never ends
    const got = switches('delaybased/stream.sumocfg', 300);
    expect(got).toEqual([[0, 0]]);
    if (SUMO_AVAILABLE) expect(runSumo(fixture('delaybased/stream.sumocfg'), { tls: 'C', args: ['--end', '300'] }).tlsSwitches).toEqual(got);
  });

  it('ends a green at its maxDur once a vehicle waits at red, and after its minDur when nobody on green has lost time', () => {
    // by hand, det.sumocfg: west-east flows start at 0 s on step 2's lanes (red first); step 0 (north-south, empty) is
    // checked at its minDur of 5 s and then kept one second at a time while the west-east detectors are empty; the
    // first west-east car's front, 95 m before the detector at 13.89 m/s, comes onto it in the 7th second, so the
    // check at 7 s ends the green and yellow shows from 8 s
    const got = switches('delaybased/det.sumocfg', 900);
    expect(got[1]).toEqual([8, 1]);
    // then the west-east green, fed by 4 s and 9 s headways, runs to its maxDur of 50 s (with traffic waiting north)
    // or beyond it (with nobody waiting): never shorter than 50 s while its queue discharges
    expect(got[3]?.[1]).toBe(3);
    expect((got[3]?.[0] ?? 0) - (got[2]?.[0] ?? 0)).toBeGreaterThanOrEqual(50);
  });

  it.skipIf(!SUMO_AVAILABLE)('mixed flows without dawdling: every switch of the signal at the same second as SUMO 1.15 (900 s)', () => {
    const ref = runSumo(fixture('delaybased/det.sumocfg'), { tls: 'C' }).tlsSwitches;
    const got = switches('delaybased/det.sumocfg', 900);
    expect(ref.length).toBeGreaterThan(80);
    expect(got).toEqual(ref);
  });

  it.skipIf(!SUMO_AVAILABLE)('random flows with driver imperfection: mean trip duration within 5 % of SUMO over 5 seeds', () => {
    const seeds = [1, 2, 3, 4, 5];
    const runs = runSeeds('delaybased/random.sumocfg', seeds, 2100);
    const ours = runs.travelSum / runs.arrived;
    const theirs = meanDuration(seeds.flatMap((seed) => runSumo(fixture('delaybased/random.sumocfg'), { seed }).trips));
    expect(Math.abs(ours - theirs) / theirs, `${ours.toFixed(1)} vs SUMO ${theirs.toFixed(1)}`).toBeLessThan(0.05);
  });
});
