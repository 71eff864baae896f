import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture, segName } from './tsgymRun.js';

/*
 * The roundabout bonus of LC2013 (test/fixtures/sumo/roundaboutbonus: the two-lane roundabout of
 * roundabout2/, the first 20 random trips of the sweep's heavy demand, no dawdling). SUMO 1.15's
 * `MSLCHelper::getRoundaboutDistBonus` compares the occupation along the driver's `best` lane with the one
 * along the inner lane; when both lanes of the road are best lanes, LC2013 takes the lane it considers as
 * `best` (bestLaneOffset = the direction), so for a change to the inner lane both sums are taken on the inner
 * lanes and the bonus is there only when someone drives on them. Drivers 6 (`r1 r2`) and 7 (`r2 r3`), the first
 * to depart on the ring, find its inner lanes empty and stay on the outer lane. The lane sums follow each
 * change at once (`MSLane::enteredByLaneChange`): in `live.sumocfg` driver a overtakes the slow c on the
 * approach `in0` (speed gain) and b, 25 m behind a, moves to the inner lane in the same step for the bonus a's
 * change has just made (both going around to `r3`, the ring empty).
 */

const CFG = 'roundaboutbonus/roundaboutbonus.sumocfg';

/** Each driver's lane, position and speed after each step (SUMO fcd times) and the lane changes made. */
function track(): { at: Map<string, string>; changes: string[] } {
  const e = engineFor(loadFixture(CFG));
  e.reset(1);
  const n = e.net;
  const vs = e.veh;
  const at = new Map<string, string>();
  const changes: string[] = [];
  const last = new Map<string, number>();
  const edge = (s: number): number => (s < n.nLanes ? (n.laneRoad[s] ?? 0) : -1 - (n.segConn[s] ?? 0));
  while (e.time < 40) {
    e.step();
    const t = e.time - e.dt;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      // the route file's ids are 0, 1, 2, ... departing every 0.9 s
      const id = String(Math.round((vs.departWanted[v] ?? 0) / 0.9));
      const s = vs.seg[v] ?? 0;
      if (s < n.nLanes) at.set(`${id}@${t}`, `${segName(e, s)} ${(vs.pos[v] ?? 0).toFixed(2)} ${(vs.speed[v] ?? 0).toFixed(2)}`);
      const p = last.get(id);
      if (p !== undefined && p !== s && p < n.nLanes && s < n.nLanes && edge(p) === edge(s)) changes.push(`${t} ${id} ${segName(e, p)}->${segName(e, s)}`);
      last.set(id, s);
    }
  }
  return { at, changes };
}

describe('roundabout bonus of LC2013 on a two-lane roundabout (SUMO 1.15)', () => {
  const { at, changes } = track();

  it('drivers whose both lanes are best get no bonus while the inner lanes are empty: 6 and 7 stay on the outer lane (SUMO 1.15 fcd)', () => {
    expect(['8', '9', '10', '11', '12'].map((t) => at.get(`6@${t}`))).toEqual([
      'r1_0 6.10 1.00', 'r1_0 9.70 3.60', 'r1_0 15.90 6.20', 'r1_0 24.23 8.33', 'r1_0 32.56 8.33',
    ]);
    expect(['8', '9', '10', '11'].map((t) => at.get(`7@${t}`))).toEqual(['r2_0 7.70 2.60', 'r2_0 12.90 5.20', 'r2_0 20.70 7.80', 'r2_0 29.03 8.33']);
    expect(changes.filter((c) => / (6|7) /.test(c))).toEqual([]);
  });

  it('makes the same lane changes as SUMO 1.15 until 32 s, the roads in SUMO\'s order (--lanechange-output)', () => {
    // at 19 s SUMO changes 19 on r3 before it decides 9 on r2, which then has the bonus (rule 44)
    const until32 = changes.filter((c) => Number(c.split(' ')[0]) <= 32).sort();
    expect(until32).toEqual([
      '10 1 in2_0->in2_1', '14 2 in3_0->in3_1', '16 3 in3_0->in3_1', '16 4 in2_0->in2_1', '19 19 r3_0->r3_1', '19 9 r2_0->r2_1',
      '20 16 r0_0->r0_1', '20 17 r0_0->r0_1', '20 8 in1_0->in1_1', '21 13 in0_0->in0_1', '21 19 r3_1->r3_0', '26 18 in0_0->in0_1',
      '27 17 r1_1->r1_0', '31 3 in3_1->in3_0', '31 8 in1_1->in1_0', '32 4 r2_1->r2_0',
    ].sort());
  });
});

describe('the roundabout bonus counts a change made earlier in the same step (SUMO 1.15)', () => {
  it('b follows a onto the inner lane in the step a changes (SUMO 1.15 --lanechange-output: a speedGain and b cooperative at 2 s, c at 7 s)', () => {
    const e = engineFor(loadFixture('roundaboutbonus/live.sumocfg'));
    e.reset(1);
    const n = e.net;
    const vs = e.veh;
    const names = ['c', 'a', 'b'];
    const at = new Map<string, string>();
    const arrived = new Map<string, number>();
    const seen = new Set<string>();
    while (e.time < 200) {
      e.step();
      const t = e.time - e.dt;
      const now = new Set<string>();
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        const id = names[vs.extId[v] ?? 0] ?? '?';
        now.add(id);
        const s = vs.seg[v] ?? 0;
        if (s < n.nLanes) at.set(`${id}@${t}`, `${segName(e, s)} ${(vs.pos[v] ?? 0).toFixed(2)}`);
      }
      for (const id of seen) if (!now.has(id) && !arrived.has(id)) arrived.set(id, t);
      for (const id of now) seen.add(id);
    }
    expect([1, 2, 3].map((t) => [at.get(`a@${t}`), at.get(`b@${t}`), at.get(`c@${t}`)])).toEqual([
      ['in0_0 113.89', 'in0_0 88.89', 'in0_0 152.00'],
      ['in0_1 127.78', 'in0_1 102.78', 'in0_0 154.00'],
      ['in0_1 141.67', 'in0_1 116.67', 'in0_0 156.00'],
    ]);
    expect([6, 7].map((t) => at.get(`c@${t}`))).toEqual(['in0_0 162.00', 'in0_1 164.00']);
    // SUMO 1.15 tripinfo: arrivals at 38, 40 and 163 s
    expect([arrived.get('a'), arrived.get('b'), arrived.get('c')]).toEqual([38, 40, 163]);
  });
});
