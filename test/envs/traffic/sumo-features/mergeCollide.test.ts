import { describe, expect, it } from 'vitest';
import { engineFor, loadFixture } from './tsgymRun.js';

/*
 * SUMO 1.15's collision check (MSLane::detectCollisions, --collision.action teleport): drivers from two roads
 * merging at an unregulated junction enter the next lane side by side every 20 s; SUMO counts each as a
 * collision and teleports the driver behind, whose route ends there (test/fixtures/sumo/mergecollide, its
 * README gives SUMO's log and tripinfo).
 */
describe('collisions as SUMO 1.15 detects them (merge at an unregulated junction)', () => {
  const e = engineFor(loadFixture('mergecollide/mc.sumocfg'));
  e.reset(1);
  const times: number[] = [];
  let seen = 0;
  while (e.time < 200) {
    e.step();
    if (e.counters.collisions > seen) {
      times.push(e.time - e.dt);
      seen = e.counters.collisions;
    }
  }

  it('detects the five collisions at SUMO\'s times and takes the colliders off (teleports beyond their arrival)', () => {
    expect(times).toEqual([15, 35, 55, 75, 95]);
    expect(e.counters.collisions).toBe(5);
    expect(e.counters.vaporized).toBe(5);
    // collisions are not jam teleports (SUMO: "Teleports: 5 (Collisions: 5)")
    expect(e.counters.teleports).toBe(0);
  });

  it('the other 40 arrive with SUMO\'s mean duration (29.25 s)', () => {
    expect(e.counters.inserted).toBe(45);
    expect(e.counters.arrived).toBe(40);
    expect(e.metrics().meanTravelTime).toBeCloseTo(29.25, 6);
  });
});
