import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, runUntil, segName, TripLog } from './tsgymRun.js';

/*
 * Lane changes inside a junction (test/fixtures/sumo/junctionlc): SUMO 1.15 gives a multi-lane internal
 * edge whose links all have priority a lane changer, judging the best lanes of the road the internal lanes
 * lead to, and keeps the drivers' lane-change state there. `a` builds up its keep-right wish on `AJ_2` and
 * changes right on the internal edge, onto the internal lane from `AJ_1` to `JC_1`; `b`, which enters the
 * junction later in its build-up, keeps the wish across the junction and changes on the first step on `JC`.
 */

const CFG = 'junctionlc/junctionlc.sumocfg';

/** Lane, position and speed of each driver after each step, labelled with SUMO's fcd times. */
function track(): Map<string, string> {
  const e = engineFor(loadFixture(CFG));
  e.reset(1);
  const log = new TripLog(e);
  const n = e.net;
  const at = new Map<string, string>();
  runUntil(e, 140, log, () => {
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      const s = vs.seg[v] ?? 0;
      const c = n.segConn[s] ?? -1;
      // an internal lane by the lanes its connection joins
      const lane = s < n.nLanes ? segName(e, s) : `:${segName(e, n.connFromLane[c] ?? 0)}>${segName(e, n.connToLane[c] ?? 0)}`;
      const id = log.trips.get(vs.extId[v] ?? -1)?.depart === 0 ? 'a' : 'b';
      at.set(`${id}@${e.time - e.dt}`, `${lane} ${(vs.pos[v] ?? 0).toFixed(2)} ${(vs.speed[v] ?? 0).toFixed(2)}`);
    }
  });
  expect(log.arrived().map((t) => [t.depart, t.arrival])).toEqual([[0, 53], [60, 112]]);
  return at;
}

describe('lane changes on a multi-lane internal edge (SUMO 1.15)', () => {
  const at = track();

  it('changes right inside the junction, from the internal lane AJ_2>JC_2 to AJ_1>JC_1 (SUMO 1.15 fcd: :J_12_2 -> :J_12_1 at 9 s)', () => {
    expect(at.get('a@8')).toBe('AJ_2 283.12 13.89');
    expect(at.get('a@9')).toBe(':AJ_1>JC_1 13.81 13.89');
    expect(at.get('a@10')).toBe(':AJ_1>JC_1 27.70 13.89');
    expect(at.get('a@11')).toBe('JC_1 7.99 13.89');
    // the keep-right wish starts anew after the change and is due again 13 steps later
    expect(at.get('a@21')).toBe('JC_1 146.89 13.89');
    expect(at.get('a@22')).toBe('JC_0 160.78 13.89');
  });

  it('keeps the keep-right wish across the junction and changes on the first step after it (SUMO 1.15 fcd: JC_2 -> JC_1 at 70 s)', () => {
    expect(at.get('b@67')).toBe(':AJ_2>JC_2 0.03 13.89');
    expect(at.get('b@69')).toBe(':AJ_2>JC_2 27.81 13.89');
    expect(at.get('b@70')).toBe('JC_1 8.10 13.89');
    expect(at.get('b@82')).toBe('JC_1 174.78 13.89');
    expect(at.get('b@83')).toBe('JC_0 188.67 13.89');
  });
});
