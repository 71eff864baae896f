import { describe, expect, it } from 'vitest';
import '../../../envs/traffic/index.js';
import { websterPlan } from '../../../envs/traffic/baselines/websterPlan.js';
import { movementFlowEstimate } from '../../../envs/traffic/baselines/movementFlowEstimate.js';
import { compileNetwork } from '../../../envs/traffic/engine/compileNetwork.js';
import { parseNetworkSpec } from '../../../envs/traffic/network/NetworkSpec.js';
import { gridNetwork } from '../../../envs/traffic/scenarios/gridNetwork.js';
import { makePolicy, policiesFor } from '../../../src/policy/policyRegistry.js';
import { makeParallel, make } from '../../../src/registry/registry.js';

describe('traffic baselines', () => {
  it("Webster's cycle and splits by hand: C0 = (1.5 L + 5) / (1 - Y), greens proportional to y", () => {
    const p = websterPlan([0.3, 0.2], 8);
    expect(p.cycle).toBeCloseTo(34, 9);
    expect(p.greens[0]).toBeCloseTo((34 - 8) * 0.6, 9);
    expect(p.greens[1]).toBeCloseTo((34 - 8) * 0.4, 9);
    expect(websterPlan([0.5, 0.5], 8).cycle).toBe(150);
    expect(websterPlan([0.01, 0.01], 8).cycle).toBe(30);
  });

  it('expected movement flows follow the turning ratios', () => {
    const net = compileNetwork(parseNetworkSpec(gridNetwork({ demand: 600, turning: { l: 0.2, s: 0.5, r: 0.3 } })));
    const q = movementFlowEstimate(net);
    // one lane per arm: each approach's left/straight/right connections carry 120 / 300 / 180 veh/h
    const byDir = [0, 0, 0];
    for (let c = 0; c < net.nConns; c++) byDir[net.connDir[c] as number] = (byDir[net.connDir[c] as number] as number) + (q[c] as number);
    expect(byDir[0]).toBeCloseTo(4 * 120, 6);
    expect(byDir[1]).toBeCloseTo(4 * 300, 6);
    expect(byDir[2]).toBeCloseTo(4 * 180, 6);
  });

  it('are registered for both envs, and drive TrafficSignal-v0 with bounded delay', () => {
    for (const id of ['TrafficSignal-v0', 'TrafficGrid-v0']) expect(policiesFor(id)).toEqual(expect.arrayContaining(['fixed-time', 'webster', 'actuated', 'max-pressure', 'sotl', 'random']));
    for (const name of ['fixed-time', 'actuated', 'max-pressure', 'sotl']) {
      const env = make('TrafficSignal-v0', { numSeconds: 1800 });
      const policy = makePolicy(name, 'TrafficSignal-v0', env);
      let [obs, info] = env.reset({ seed: 1 });
      policy.reset?.(1);
      for (let done = false; !done; ) {
        const r = env.step(policy.act(obs, info) as number);
        [obs, , , , info] = r;
        done = r[2] || r[3];
      }
      const m = info.metrics as Record<string, number>;
      // 2,400 veh/h on a 2-lane 4-arm intersection is far below capacity: every controller keeps up
      expect(m.pending, name).toBeLessThan(5);
      expect(m.meanDelay, name).toBeLessThan(60);
    }
  });

  it('max-pressure and actuated beat fixed-time (Webster) on mean delay on the 4 x 4 grid under unbalanced demand', () => {
    const delay: Record<string, number> = {};
    for (const name of ['fixed-time', 'actuated', 'max-pressure']) {
      let sum = 0;
      for (const seed of [1, 2]) {
        const env = makeParallel('TrafficGrid-v0', { scenario: { rows: 4, cols: 4, demand: 200, ewFactor: 2.5 }, numSeconds: 3600 });
        const policy = makePolicy(name, 'TrafficGrid-v0', env);
        let [obs, infos] = env.reset({ seed });
        policy.reset?.(seed);
        while (env.agents.length > 0) {
          const r = env.step(policy.act(obs, infos) as Record<string, number>);
          obs = r[0];
          infos = r[4];
        }
        sum += ((Object.values(infos)[0] as { metrics: Record<string, number> }).metrics.meanDelay as number);
      }
      delay[name] = sum / 2;
    }
    expect(delay['max-pressure']).toBeLessThan(delay['fixed-time'] as number);
    expect(delay['actuated']).toBeLessThan(delay['fixed-time'] as number);
  });
});
