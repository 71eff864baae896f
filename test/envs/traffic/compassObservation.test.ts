import { describe, expect, it } from 'vitest';
import '../../../envs/index.js';
import { compassLaneOrder } from '../../../envs/traffic/env/compassObservation.js';
import type { TrafficGridEnv } from '../../../envs/traffic/env/TrafficGridEnv.js';
import { makeParallel, type ParallelEnv } from '../../../src/index.js';

function grid(kwargs: Record<string, unknown>): ParallelEnv<string, Float32Array, number> & { unwrapped: TrafficGridEnv } {
  return makeParallel('TrafficGrid-v0', { scenario: { rows: 3, cols: 3 }, numSeconds: 120, ...kwargs }) as never;
}

describe("TrafficGrid-v0 laneOrder: 'compass'", () => {
  it('lists every intersection\'s approaches N, E, S, W, so phase 0 (N-S) serves positions 0 and 2 everywhere', () => {
    const env = grid({ laneOrder: 'compass' });
    env.reset({ seed: 0 });
    const net = env.unwrapped.engine.net;
    for (const a of env.unwrapped.signalAgents.values()) {
      const order = compassLaneOrder(a);
      // upstream node of each approach, relative to the intersection: N = +y, E = +x, S = -y, W = -x
      const rel = Array.from(order, (i) => {
        const l = a.inLanes[i];
        let r = 0;
        while (!(l >= (net.roadLaneStart[r]) && l < (net.roadLaneStart[r]) + (net.roadLaneCount[r]))) r++;
        const f = net.roadFrom[r];
        return [Math.sign((net.nodeX[f]) - (net.nodeX[a.node])), Math.sign((net.nodeY[f]) - (net.nodeY[a.node]))];
      });
      expect(rel).toEqual([[0, 1], [1, 0], [0, -1], [-1, 0]]);
      const served = (p: number): number[] => Array.from(a.phaseLanes[p] ?? [], (l) => Array.from(order, (i) => a.inLanes[i]).indexOf(l)).sort();
      expect(served(0)).toEqual([0, 2]);
      expect(served(1)).toEqual([1, 3]);
    }
    env.close();
  });

  it('holds the same values as the default observation, lanes permuted; the default is unchanged', () => {
    const compass = grid({ laneOrder: 'compass' });
    const plain = grid({});
    const actions = (env: typeof plain, t: number): Record<string, number> =>
      Object.fromEntries(env.possibleAgents.map((a, i) => [a, (t + i) % 7 < 4 ? 0 : 1]));
    let [oc] = compass.reset({ seed: 5 });
    let [op] = plain.reset({ seed: 5 });
    for (let t = 0; t < 20; t++) {
      [oc] = compass.step(actions(compass, t));
      [op] = plain.step(actions(plain, t));
    }
    let busy = 0;
    for (const a of plain.possibleAgents) {
      const c = oc[a];
      const p = op[a];
      expect(c.length).toBe(p.length);
      const agent = plain.unwrapped.signalAgents.get(a);
      const order = compassLaneOrder(compass.unwrapped.signalAgents.get(a) as never);
      const k0 = (agent?.numPhases ?? 0) + 1;
      expect(Array.from(c.subarray(0, k0))).toEqual(Array.from(p.subarray(0, k0)));
      order.forEach((i, j) => {
        expect(c[k0 + j]).toBe(p[k0 + i]);
        expect(c[k0 + order.length + j]).toBe(p[k0 + order.length + i]);
      });
      busy += p.subarray(k0).reduce((s, v) => s + v, 0);
    }
    expect(busy).toBeGreaterThan(0); // vehicles were on the approaches, so the permutation was exercised
    expect(plain.observationSpace(plain.possibleAgents[0] ?? '').low[0]).toBe(0); // default space kept
    compass.close();
    plain.close();
  });
});
