import { describe, expect, it } from 'vitest';
import { meanDuration, runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { fixture, runSeeds, signalSwitches as switches } from './tsgymRun.js';

/*
 * SUMO's actuated signal logic (test/fixtures/sumo/actuated: netconvert's actuated program, greens of
 * 5-50 s, yellows of 3 s): an induction loop on each approach lane 23.5 m before the stop line
 * ((5 s / 1.9 s + 0.5) x 7.5 m, shorter than 2 s at 13.89 m/s); a green is checked after its minDur and
 * extended while a loop of its lanes saw a vehicle less than 3 s ago, up to its maxDur.
 */

describe('actuated signal programs (SUMO type="actuated")', () => {
  it('a green gaps out after its minDur with no vehicle at its loops, and runs to its maxDur under a stream of 2 s headways', () => {
    // by hand: nothing reaches a loop before 12 s (166 m at 13.89 m/s), so north-south (step 0) and east-west (step 2)
    // end after 5 s each; from 16 s the north-south queue, then the stream, keep the loop's gap below 3 s: 50 s
    // greens (16-66, 77-127, 138-188 s) while east-west, with no traffic, gets 5 s
    const got = switches('actuated/stream.sumocfg', 200);
    expect(got.slice(0, 17)).toEqual([
      [0, 0], [5, 1], [8, 2], [13, 3], [16, 0], [66, 1], [69, 2], [74, 3], [77, 0],
      [127, 1], [130, 2], [135, 3], [138, 0], [188, 1], [191, 2], [196, 3], [199, 0],
    ]);
    if (SUMO_AVAILABLE) expect(got).toEqual(runSumo(fixture('actuated/stream.sumocfg'), { tls: 'C', args: ['--end', '200'] }).tlsSwitches);
  });

  it.skipIf(!SUMO_AVAILABLE)('mixed flows without dawdling: every switch of the signal at the same second as SUMO 1.15 (900 s)', () => {
    const ref = runSumo(fixture('actuated/det.sumocfg'), { tls: 'C' }).tlsSwitches;
    const got = switches('actuated/det.sumocfg', 900);
    expect(ref.length).toBeGreaterThan(150);
    expect(got).toEqual(ref);
  });

  it.skipIf(!SUMO_AVAILABLE)('random flows with driver imperfection: mean trip duration within 5 % of SUMO over 5 seeds', () => {
    const seeds = [1, 2, 3, 4, 5];
    const runs = runSeeds('actuated/random.sumocfg', seeds, 2100);
    const ours = runs.travelSum / runs.arrived;
    const theirs = meanDuration(seeds.flatMap((seed) => runSumo(fixture('actuated/random.sumocfg'), { seed }).trips));
    // SUMO 1.15, seeds 1-5: 38.4 s
    expect(Math.abs(ours - theirs) / theirs, `${ours.toFixed(1)} vs SUMO ${theirs.toFixed(1)}`).toBeLessThan(0.05);
  });
});
