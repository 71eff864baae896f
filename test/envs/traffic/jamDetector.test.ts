import { describe, expect, it } from 'vitest';
import { TrafficEngine } from '../../../envs/traffic/engine/TrafficEngine.js';
import { crossNetwork } from '../../helpers/crossNetwork.js';

/** W->E is served for 1 s in a 1000 s cycle: a vehicle from W waits at the red light for most of it. */
const spec = crossNetwork(
  [{ protected: [1], duration: 999, yellow: 0, allRed: 0 }, { protected: [0], duration: 1, yellow: 0, allRed: 0 }],
  [{ route: ['we', 'je'], vehPerHour: 0, insertion: 'scheduled', times: [0] }],
);

describe('jam detector', () => {
  it('counts a vehicle halted for the jam threshold once, and reports it jammed until it moves', () => {
    const e = new TrafficEngine(spec, { model: 'krauss', jamThreshold: 120 });
    e.reset(1);
    // it reaches the stop line of the 300 m approach within 40 s and halts there (red until 999 s)
    let haltedAt = -1;
    while (e.time < 600) {
      e.step();
      const v = e.veh.run[0];
      if (haltedAt < 0 && e.veh.runCount === 1 && (e.veh.speed[v]) < 0.1) haltedAt = e.time - e.dt;
      if (haltedAt >= 0 && e.time < haltedAt + 120) expect(e.metrics().jammed).toBe(0);
    }
    expect(haltedAt).toBeGreaterThan(0);
    expect(haltedAt).toBeLessThan(60);
    const m = e.metrics();
    expect(m.jammed).toBe(1);
    expect(m.jamEvents).toBe(1);
    expect(m.teleports).toBe(0);
  });

  it('with time-to-teleport the jammed vehicle jumps on and is no longer counted as jammed', () => {
    const e = new TrafficEngine(spec, { model: 'krauss', jamThreshold: 120, timeToTeleport: 200 });
    e.reset(1);
    while (e.time < 600) e.step();
    const m = e.metrics();
    expect(m.teleports).toBe(1);
    expect(m.jamEvents).toBe(1);
    expect(m.jammed).toBe(0);
    expect(m.arrived).toBe(1);
  });
});
