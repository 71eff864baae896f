import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrafficEngine } from '../../../envs/traffic/engine/TrafficEngine.js';
import { SIG_RED } from '../../../envs/traffic/engine/SignalController.js';
import { gridNetwork } from '../../../envs/traffic/scenarios/gridNetwork.js';

/** Checks every segment's vehicles: ordered front to back and never overlapping. Returns the first violation. */
function overlap(e: TrafficEngine): string | undefined {
  const vs = e.veh;
  const len = e.net.demand.typeLength;
  for (let s = 0; s < e.net.nSegs; s++) {
    for (let v = e.segHead[s]; v >= 0; v = vs.behind[v]) {
      const a = vs.ahead[v];
      if (a < 0) continue;
      const back = (vs.pos[a]) - (len[vs.type[a]]);
      if ((vs.pos[v]) > back + 1e-9) return `segment ${s}: vehicle ${vs.extId[v]} front ${vs.pos[v]} beyond leader ${vs.extId[a]} back ${back}`;
    }
  }
  return undefined;
}

describe('traffic invariants', () => {
  it('vehicles are conserved: inserted = arrived + running, queued = inserted + waiting to insert', () => {
    const e = new TrafficEngine(gridNetwork({ rows: 2, cols: 2, lanes: 2, demand: 700 }));
    e.reset(3);
    for (let i = 0; i < 1800; i++) {
      e.step();
      if (i % 300 === 299) {
        const m = e.metrics();
        expect(m.inserted).toBe((m.arrived) + (m.running));
        expect(e.counters.queued).toBe((m.inserted) + (m.pending));
      }
    }
    expect(e.metrics().arrived).toBeGreaterThan(1000);
  });

  it('property: no two vehicles on a lane or junction path ever overlap, and nobody enters a junction on red', () => {
    fc.assert(
      fc.property(
        fc.record({
          rows: fc.integer({ min: 1, max: 2 }),
          cols: fc.integer({ min: 1, max: 2 }),
          lanes: fc.integer({ min: 1, max: 3 }),
          demand: fc.integer({ min: 100, max: 1500 }),
          spacing: fc.integer({ min: 60, max: 250 }),
          step: fc.constantFrom(0.5, 1, 2),
          model: fc.constantFrom('idm' as const, 'krauss' as const),
          rightTurnOnRed: fc.boolean(),
          unsignalized: fc.boolean(),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        (c) => {
          const e = new TrafficEngine(
            gridNetwork({
              rows: c.rows,
              cols: c.cols,
              lanes: c.lanes,
              demand: c.demand,
              spacing: c.spacing,
              approachLength: c.spacing,
              unsignalized: c.unsignalized,
            }),
            { step: c.step, model: c.model, rightTurnOnRed: c.rightTurnOnRed },
          );
          e.reset(c.seed);
          const n = e.net;
          const prevSeg = new Int32Array(e.veh.capacity + 4096).fill(-2);
          for (let i = 0; i < 600 / c.step; i++) {
            e.step();
            const bad = overlap(e);
            if (bad) throw new Error(bad);
            const vs = e.veh;
            for (let v = 0; v < vs.capacity; v++) {
              if (vs.state[v] !== 2) continue;
              const s = vs.seg[v];
              const id = vs.extId[v];
              if (id >= prevSeg.length) continue;
              const from = prevSeg[id];
              if (s >= n.nLanes && from >= 0 && from < n.nLanes) {
                // entering the junction from a lane: the connection of its first internal lane
                const conn = n.segConn[s];
                const red = e.connState[conn] === SIG_RED;
                const rtor = c.rightTurnOnRed && n.connDir[conn] === 2;
                if (red && !rtor) throw new Error(`vehicle ${id} entered connection ${conn} on red at t=${e.time}`);
              }
              prevSeg[id] = s;
            }
          }
          return true;
        },
      ),
      { numRuns: 12, seed: 42 },
    );
  });
});
