import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { TrafficEngine } from '../../../../envs/traffic/engine/TrafficEngine.js';

/*
 * RESCO's Ingolstadt 7 (../shared/data/resco, used in place, never copied) under its own signal programs:
 * a real city network whose cluster junction has internal lanes up to 47 m long. Drivers that queued
 * inside it blocked the crossing streams and tsgym gridlocked on most seeds; SUMO 1.15 never does.
 * SUMO 1.15, seeds 1-8 (`sumo -c ingolstadt7.sumocfg --seed S`): 2,881 to 2,922 arrived, no teleport,
 * mean travel time 116.9 s over seeds 1-5.
 */
const CFG = new URL('../../../../../shared/data/resco/ingolstadt7/ingolstadt7.sumocfg', import.meta.url).pathname;

describe('a real city network runs through as in SUMO (RESCO Ingolstadt 7, seeds 1-8)', () => {
  it('serves SUMO\'s throughput on every seed without gridlock', () => {
    expect(existsSync(CFG), `${CFG}: the shared RESCO data must lie beside the repository`).toBe(true);
    const net = loadNetworkFile(CFG);
    const e = new TrafficEngine(net.spec, { model: 'krauss', begin: net.begin, timeToTeleport: net.timeToTeleport });
    const travel: number[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      e.reset(seed);
      while (e.time < (net.end ?? 0)) e.step();
      const m = e.metrics();
      expect(m.arrived, `seed ${seed}`).toBeGreaterThan(0.98 * 2881);
      expect(m.teleports, `seed ${seed}`).toBeLessThanOrEqual(2);
      travel.push(m.meanTravelTime ?? NaN);
    }
    const mean = travel.reduce((a, b) => a + b, 0) / travel.length;
    expect(Math.abs(mean / 116.9 - 1)).toBeLessThan(0.15);
  }, 180_000);
});

/*
 * RESCO's Cologne 1 under its own program: two left turns waiting at their internal junctions of one
 * signal, and the straight drivers that came in behind each of them from the same lane, would hold each
 * other for ever if a driver stuck inside the junction kept its claim to go first; SUMO's drivers give it
 * up (a vehicle whose way out of its internal lane has no request yields its junction entry time).
 * SUMO 1.15, seeds 1-3: 1,992.3 arrived on average, no teleport, 68.0 s mean travel time.
 */
const CFG_C1 = new URL('../../../../../shared/data/resco/cologne1/cologne1.sumocfg', import.meta.url).pathname;

describe('drivers stuck inside a junction give up their turn (RESCO Cologne 1, seeds 1-3)', () => {
  it('runs through without teleports on every seed, as SUMO', () => {
    expect(existsSync(CFG_C1), `${CFG_C1}: the shared RESCO data must lie beside the repository`).toBe(true);
    const net = loadNetworkFile(CFG_C1);
    const e = new TrafficEngine(net.spec, { model: 'krauss', begin: net.begin, timeToTeleport: net.timeToTeleport });
    for (let seed = 1; seed <= 3; seed++) {
      e.reset(seed);
      while (e.time < (net.end ?? 0)) e.step();
      const m = e.metrics();
      expect(m.teleports, `seed ${seed}`).toBe(0);
      expect(m.arrived, `seed ${seed}`).toBeGreaterThan(0.99 * 1992.3);
      expect(Math.abs((m.meanTravelTime ?? NaN) / 68.0 - 1), `seed ${seed}`).toBeLessThan(0.1);
    }
  }, 120_000);
});
