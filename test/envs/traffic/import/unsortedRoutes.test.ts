import { describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { runSumo, SUMO_AVAILABLE } from '../sumo-features/sumoReference.js';
import { engineFor, fixture, runUntil, TripLog } from '../sumo-features/tsgymRun.js';

/*
 * A route file not sorted by departure time (test/fixtures/sumo/unsorted, see its README): SUMO 1.15 reads
 * it in document order and drops each vehicle, trip or flow departing before the last one loaded
 * ("Route file should be sorted by departure time, ignoring 'f1'!", and 'v2', 'v3').
 */

describe('a route file not sorted by departure time', () => {
  it('loads what SUMO 1.15 loads, with one folded warning naming the first dropped entry', () => {
    const net = loadNetworkFile(fixture('unsorted/unsorted.sumocfg'));
    const demand = net.spec.demand;
    expect((demand?.vehicles ?? []).map((v) => v.id)).toEqual(['v1', 't1', 'v4']);
    expect((demand?.flows ?? []).map((f) => f.id)).toEqual(['f2']);
    const w = net.warnings.find((x) => x.element === 'route file not sorted by departure time');
    expect(w?.count).toBe(3);
    expect(w?.message).toContain("ignoring 'f1'");
  });

  it('runs the same five drivers as SUMO 1.15', () => {
    const e = engineFor(loadNetworkFile(fixture('unsorted/unsorted.sumocfg')));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 200, log);
    const departs = log.arrived().map((t) => t.depart).sort((a, b) => a - b);
    // SUMO's trip infos: v1 10 s, t1 20 s, v4 25 s, f2.0 27 s, f2.1 33 s
    expect(departs).toHaveLength(5);
    expect(departs.slice(0, 3)).toEqual([10, 20, 25]);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('unsorted/unsorted.sumocfg'));
      expect(ref.trips.map((t) => t.id).sort()).toEqual(['f2.0', 'f2.1', 't1', 'v1', 'v4']);
    }
  });
});
