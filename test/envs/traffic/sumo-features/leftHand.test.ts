import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A left-hand network (test/fixtures/sumo/lefthand): its U-turns have SUMO's direction `T`, which a route
 * may use like any other connection.
 */
describe('left-hand network', () => {
  it('reads the left-hand U-turns and drives every route as SUMO does (arrivals within 1 s)', () => {
    const net = loadFixture('lefthand/uturn.sumocfg');
    const uturns = net.spec.connections.filter((c) => c.dir === 't');
    expect(uturns.length).toBeGreaterThan(0);
    const e = engineFor(net);
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 200, log);
    const by = (first: string): number => log.arrived().find((t) => t.route[0] === first)?.arrival ?? Number.NaN;
    const ref = SUMO_AVAILABLE ? runSumo(fixture('lefthand/uturn.sumocfg')).trips : [];
    const sumo = (id: string, fallback: number): number => ref.find((t) => t.id === id)?.arrival ?? fallback;
    expect(Math.abs(by('B1A1') - sumo('uturn', 49))).toBeLessThanOrEqual(1);
    expect(Math.abs(by('A0A1') - sumo('straight', 36))).toBeLessThanOrEqual(1);
    expect(Math.abs(by('C1B1') - sumo('turn', 42))).toBeLessThanOrEqual(1);
  });
});
