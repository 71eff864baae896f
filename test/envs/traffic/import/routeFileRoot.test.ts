import { describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { runSumo, SUMO_AVAILABLE } from '../sumo-features/sumoReference.js';
import { engineFor, fixture, runUntil, TripLog } from '../sumo-features/tsgymRun.js';

/*
 * A route file whose root element is `<flows>` (test/fixtures/sumo/flowsroot, see its README), as sumo-rl
 * ships its Nguyen demand: SUMO 1.15 reads it by its elements with a warning ("Found root element 'flows'
 * in file '...' (expected 'routes')"), and refuses it only when the file names SUMO's schema.
 */

describe('a route file with another root element than <routes>', () => {
  it('is read by its elements, with one warning naming the root element', () => {
    const net = loadNetworkFile(fixture('flowsroot/flowsroot.sumocfg'));
    expect((net.spec.demand?.flows ?? []).map((f) => f.id)).toEqual(['we', 'ns']);
    const w = net.warnings.find((x) => x.element === 'root element <flows>');
    expect(w?.file).toMatch(/flowsroot\.flows\.xml$/);
    expect(w?.message).toContain("expected 'routes'");
  });

  it('runs the seven drivers SUMO 1.15 runs, departing and arriving when SUMO has them', () => {
    const e = engineFor(loadNetworkFile(fixture('flowsroot/flowsroot.sumocfg')));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 200, log);
    const trips = log.arrived().map((t) => [t.depart, t.arrival]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    // SUMO's trip infos: we.0 0 -> 31, ns.0 5 -> 37, we.1 25 -> 56, ns.1 37 -> 69, we.2 50 -> 81, ns.2 69 -> 101, we.3 75 -> 106
    expect(trips).toEqual([[0, 31], [5, 37], [25, 56], [37, 69], [50, 81], [69, 101], [75, 106]]);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture('flowsroot/flowsroot.sumocfg'));
      expect(ref.trips.map((t) => [t.depart, t.arrival]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))).toEqual(trips);
    }
  });

  it('is refused when it names SUMO schema, as SUMO validates it then', () => {
    expect(() => loadNetworkFile(fixture('flowsroot/schema.sumocfg'))).toThrow(/schema\.flows\.xml:1: <flows>: expected a <routes> root element/);
  });
});
