import { describe, expect, it } from 'vitest';
import { TrafficEngine } from '../../../envs/traffic/engine/TrafficEngine.js';
import type { NetworkSpecInput } from '../../../envs/traffic/network/NetworkSpec.js';

/** One straight approach W -> J -> E; phase 0 serves nobody (red), phase 1 the approach. */
function dischargeSpec(red: number, green: number): NetworkSpecInput {
  return {
    nodes: [{ id: 'W', type: 'boundary', x: -600, y: 0 }, { id: 'J', type: 'signalized', x: 0, y: 0 }, { id: 'E', type: 'boundary', x: 300, y: 0 }],
    roads: [{ id: 'in', from: 'W', to: 'J', lanes: [{}] }, { id: 'out', from: 'J', to: 'E', lanes: [{}] }],
    connections: [{ from: 'in', fromLane: 0, to: 'out', toLane: 0, dir: 's' }],
    signals: [{ node: 'J', phases: [{ protected: [], duration: red, maxGreen: red }, { protected: [0], duration: green, maxGreen: green }] }],
    // 1800 veh/h for the whole red: a standing queue of ~40 vehicles when the light turns green
    demand: { flows: [{ route: ['in', 'out'], vehPerHour: 1800, end: red - 5, insertion: 'uniform' }] },
  };
}

/** Stop-line crossing times of a standing queue released at `greenStart`. */
function discharge(model: 'idm' | 'krauss'): { times: number[]; greenStart: number } {
  const red = 90;
  const e = new TrafficEngine(dischargeSpec(red, 60), { model });
  e.reset(7);
  const times: number[] = [];
  let seen = 0;
  for (let i = 0; i < 160; i++) {
    e.step();
    const th = e.counters.nodeThroughput[1];
    for (; seen < th; seen++) times.push(e.time);
  }
  return { times, greenStart: red + 3 }; // phase 0 is followed by its 3 s yellow
}

/** Saturation headway (s) from the 5th to the 20th discharged vehicle (HCM's method). */
function saturationHeadway(times: number[]): number {
  return ((times[19]) - (times[4])) / 15;
}

/** Webster (1958) mean delay per vehicle at a fixed-time signal with random arrivals. */
function websterDelay(C: number, g: number, q: number, s: number): number {
  const lam = g / C;
  const x = q / (lam * s);
  return (C * (1 - lam) ** 2) / (2 * (1 - lam * x)) + (x * x) / (2 * q * (1 - x)) - 0.65 * Math.cbrt(C / (q * q)) * x ** (2 + 5 * lam);
}

describe('traffic theory', () => {
  for (const model of ['idm', 'krauss'] as const) {
    it(`saturation flow of a discharging queue is 1,700-2,000 veh/h/lane with the defaults (${model})`, () => {
      const { times } = discharge(model);
      expect(times.length).toBeGreaterThan(25);
      const s = 3600 / saturationHeadway(times);
      expect(s).toBeGreaterThanOrEqual(1700);
      expect(s).toBeLessThanOrEqual(2000);
    });
  }

  it("mean delay at an isolated fixed-time signal with Poisson arrivals is within 20 % of Webster's formula (x = 0.3 to 0.8)", () => {
    // calibrate the model's saturation flow and lost time as a traffic engineer would, from a discharge
    const { times, greenStart } = discharge('idm');
    const h = saturationHeadway(times);
    const s = 1 / h;
    const startLost = (times[4]) - greenStart - 4 * h;
    const G = 30;
    const Y = 3;
    const C = 2 * (G + Y);
    // effective green: green + yellow - start-up lost time - 1 s of unused yellow (clearance lost)
    const g = G + Y - startLost - 1;
    for (const x of [0.3, 0.5, 0.7, 0.8]) {
      const q = (x * g * s) / C;
      const spec: NetworkSpecInput = {
        nodes: [
          { id: 'W', type: 'boundary', x: -400, y: 0 }, { id: 'J', type: 'signalized', x: 0, y: 0 }, { id: 'E', type: 'boundary', x: 300, y: 0 },
          { id: 'S', type: 'boundary', x: 0, y: -400 }, { id: 'N', type: 'boundary', x: 0, y: 300 },
        ],
        roads: [
          { id: 'we', from: 'W', to: 'J', lanes: [{}] }, { id: 'je', from: 'J', to: 'E', lanes: [{}] },
          { id: 'sn', from: 'S', to: 'J', lanes: [{}] }, { id: 'jn', from: 'J', to: 'N', lanes: [{}] },
        ],
        connections: [{ from: 'we', fromLane: 0, to: 'je', toLane: 0, dir: 's' }, { from: 'sn', fromLane: 0, to: 'jn', toLane: 0, dir: 's' }],
        signals: [{ node: 'J', phases: [{ protected: [0], duration: G, yellow: Y }, { protected: [1], duration: G, yellow: Y }] }],
        demand: { flows: [{ route: ['we', 'je'], vehPerHour: q * 3600, end: 7200 }, { route: ['sn', 'jn'], vehPerHour: q * 3600, end: 7200 }] },
      };
      const e = new TrafficEngine(spec);
      let delay = 0;
      const seeds = [1, 2, 3];
      for (const seed of seeds) {
        e.reset(seed);
        for (let i = 0; i < 7500; i++) e.step();
        delay += e.metrics().meanIntersectionDelay;
      }
      delay /= seeds.length;
      const w = websterDelay(C, g, q, s);
      expect(Math.abs(delay - w) / w, `x=${x}: simulated ${delay.toFixed(1)} s vs Webster ${w.toFixed(1)} s`).toBeLessThan(0.2);
    }
  });
});
