import { describe, expect, it } from 'vitest';
import { engineFor, fixture, runUntil, segName } from './tsgymRun.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';

describe('lane order after vehicles enter a lane from a junction', () => {
  it('every lane list stays sorted by position, and no vehicle stops dead from speed (SUMO: no collisions, no emergency stops)', () => {
    const e = engineFor(loadNetworkFile(fixture('generated/order-grid.sumocfg')));
    e.reset(6);
    const vs = e.veh;
    const problems: string[] = [];
    const before = new Map<number, number>();
    runUntil(e, 400, undefined, () => {
      for (let s = 0; s < e.net.nSegs; s++) {
        for (let v = e.segHead[s] ?? -1; v >= 0; v = vs.behind[v] ?? -1) {
          const a = vs.ahead[v] ?? -1;
          if (a >= 0 && (vs.pos[v] ?? 0) > (vs.pos[a] ?? 0)) {
            const where = `t=${e.time - 1} ${segName(e, s)}`;
            problems.push(`${where}: #${vs.extId[v]} at ${vs.pos[v]?.toFixed(2)} listed behind #${vs.extId[a]} at ${vs.pos[a]?.toFixed(2)}`);
          }
        }
      }
      for (let k = 0; k < vs.runCount; k++) {
        const v = vs.run[k] ?? 0;
        const id = vs.extId[v] ?? -1;
        const was = before.get(id);
        // decel 2 m/s^2, emergencyDecel 9 (passenger default): a drop of more than 9 m/s in 1 s is beyond any braking
        if (was !== undefined && was - (vs.speed[v] ?? 0) > 9 + 1e-9) {
          problems.push(`t=${e.time - 1}: #${id} braked from ${was.toFixed(2)} to ${vs.speed[v]?.toFixed(2)} m/s in one step`);
        }
        before.set(id, vs.speed[v] ?? 0);
      }
    });
    expect(problems.slice(0, 6)).toEqual([]);
  });
});
