import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil } from './tsgymRun.js';

/*
 * Teleporting (test/fixtures/sumo/redlight, teleport.sumocfg): 360 veh/h towards a signal that is red for
 * 400 s and green for 30 s, with time-to-teleport 100 s. The first driver stops at the line after about
 * 23 s; once it has stood there longer than 100 s it is teleported past the signal, the next one moves up
 * (a few seconds) and waits its 100 s: a teleport about every 105 s while the light is red.
 */

const CFG = 'redlight/teleport.sumocfg';

function teleportTimes(timeToTeleport?: number): { times: number[]; conserved: boolean; arrived: number } {
  const net = loadFixture(CFG);
  const e = engineFor(net, timeToTeleport === undefined ? {} : { timeToTeleport });
  e.reset(1);
  const times: number[] = [];
  let conserved = true;
  runUntil(e, net.end ?? 900, undefined, () => {
    while (e.counters.teleports > times.length) times.push(e.time - e.dt);
    const m = e.metrics();
    // inserted = arrived + vaporized + running + teleporting, at every step
    if (m.inserted !== (m.arrived ?? 0) + (m.vaporized ?? 0) + (m.running ?? 0) + e.tpCount) conserved = false;
  });
  return { times, conserved, arrived: e.counters.arrived };
}

describe('teleporting: time-to-teleport from the .sumocfg', () => {
  it('reads time-to-teleport (100 s)', () => {
    expect(loadFixture(CFG).timeToTeleport).toBe(100);
  });

  it('teleports the head of a queue that stood 100 s at a red light: 3 per 400 s red, 6 in 900 s, at SUMO 1.15 times', () => {
    const { times, conserved } = teleportTimes();
    expect(times.length).toBe(6);
    expect(times[0]).toBeGreaterThanOrEqual(122);
    expect(times[0]).toBeLessThanOrEqual(126);
    // three during the first red (0-400 s), three during the second (430-830 s)
    expect(times.filter((t) => t < 400).length).toBe(3);
    for (let k = 1; k < 3; k++) expect((times[k] ?? 0) - (times[k - 1] ?? 0)).toBeGreaterThan(100);
    expect(conserved).toBe(true);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG));
      expect(ref.teleports).toBe(times.length);
      expect(ref.teleportTimes.length).toBe(times.length);
      ref.teleportTimes.forEach((t, k) => expect(Math.abs(t - (times[k] ?? 0))).toBeLessThanOrEqual(3));
    }
  });

  it('without teleporting (time-to-teleport -1) nobody jumps: only the 30 s green lets drivers through', () => {
    const { times, conserved, arrived } = teleportTimes(-1);
    expect(times).toEqual([]);
    expect(conserved).toBe(true);
    // one green of 30 s before 900 s: the queue leaves at one driver per step at most, one per 2 s at least
    expect(arrived).toBeGreaterThanOrEqual(15);
    expect(arrived).toBeLessThanOrEqual(30);
    if (SUMO_AVAILABLE) expect(Math.abs(runSumo(fixture(CFG), { args: ['--time-to-teleport', '-1'] }).trips.length - arrived)).toBeLessThanOrEqual(2);
  });

  it('a teleport past the end of the route removes the driver without an arrival, as SUMO does', () => {
    // parkingonroad: z waits 300 s before a parking area without lots on its last road, then teleports
    // beyond it ("teleports beyond arrival edge"; SUMO's tripinfo: vaporized="teleport")
    const cfg = 'parkingonroad/parkingonroad.sumocfg';
    const e = engineFor(loadFixture(cfg));
    e.reset(1);
    runUntil(e, 600);
    expect(e.counters.teleports).toBe(1);
    expect(e.counters.vaporized).toBe(1);
    expect(e.counters.arrived).toBe(4);
    expect(e.metrics().vaporized).toBe(1);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(cfg));
      expect(ref.trips.filter((t) => t.vaporized === 'teleport').map((t) => t.id)).toEqual(['z']);
      expect(ref.trips.filter((t) => t.vaporized === '').length).toBe(e.counters.arrived);
    }
  });
});
