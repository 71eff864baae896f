import { describe, expect, it } from 'vitest';
import { SIG_RED } from '../../../../envs/traffic/engine/RawPrograms.js';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture } from './tsgymRun.js';

/*
 * Right turn on red at the signalized `cross` fixture: 300 veh/h turn right from the west and east arms
 * (150 each), 500 veh/h go straight north-south and south-north. The engine option `rightTurnOnRed` makes
 * a red right-turn link a stop sign (stop, then yield), which is what SUMO does with a program whose red
 * right turns show 's' (netconvert's right-on-red): `cross/rtor.add.xml` is the cross program written that
 * way. SUMO 1.15, seeds 1-3: right turners' mean duration 47.67 / 48.63 / 48.30 s with it, 51.25 / 51.76 /
 * 51.10 s with the plain program (`cross/rtor-off.sumocfg`).
 */

interface RightTurns { readonly mean: number; readonly onRed: number }

/** Mean trip duration of the right turners over seeds 1-3, and how many entered the junction on red. */
function rightTurns(cfg: string, rightTurnOnRed: boolean): RightTurns {
  const net = loadFixture(cfg);
  let sum = 0;
  let count = 0;
  let onRed = 0;
  for (const seed of [1, 2, 3]) {
    const e = engineFor(net, { rightTurnOnRed });
    e.reset(seed);
    const n = e.net;
    const start = new Map<number, number>();
    const where = new Map<number, number>();
    while (e.time < 1900) {
      e.step();
      const vs = e.veh;
      const now = new Set<number>();
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        const id = vs.extId[v] ?? -1;
        now.add(id);
        const origin = n.roadIds[e.routes.road(vs.route[v] ?? 0, 0)];
        if (!start.has(id) && (origin === 'WC' || origin === 'EC')) start.set(id, e.time - e.dt);
        const seg = vs.seg[v] ?? 0;
        // entering the junction from its lane while the right-turn signal shows red
        if (start.has(id) && seg >= n.nLanes && (where.get(id) ?? 0) < n.nLanes && e.connState[n.segConn[seg] ?? 0] === SIG_RED) onRed++;
        where.set(id, seg);
      }
      for (const [id, t0] of start) {
        if (now.has(id)) continue;
        sum += e.time - e.dt - t0;
        count++;
        start.delete(id);
      }
    }
  }
  return { mean: sum / count, onRed };
}

describe('right turn on red', () => {
  const on = rightTurns('cross/rtor-off.sumocfg', true);
  const off = rightTurns('cross/rtor-off.sumocfg', false);

  it('turns right on red after stopping, as SUMO does with the stop state on red right turns', () => {
    const sumoOn = SUMO_AVAILABLE
      ? [1, 2, 3].map((seed) => runSumo(fixture('cross/rtor.sumocfg'), { seed }).trips.filter((t) => /^(WS|EN)\./.test(t.id))).flat()
      : undefined;
    const ref = sumoOn ? sumoOn.reduce((a, t) => a + t.duration, 0) / sumoOn.length : (47.67 + 48.63 + 48.3) / 3;
    expect(Math.abs(on.mean - ref) / ref).toBeLessThan(0.05);
    expect(on.onRed).toBeGreaterThan(50);
    // the option and the program with 's' on red right turns are the same rule
    expect(rightTurns('cross/rtor.sumocfg', false).mean).toBeCloseTo(on.mean, 6);
  });

  it('without it, nobody enters on red and right turners wait for green (SUMO: 3.2 s longer trips)', () => {
    expect(off.onRed).toBe(0);
    expect(off.mean - on.mean).toBeGreaterThan(2);
    expect(Math.abs(off.mean - (51.25 + 51.76 + 51.1) / 3) / 51.37).toBeLessThan(0.05);
  });
});
