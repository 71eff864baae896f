import { describe, expect, it } from 'vitest';
import { InvalidConfig } from '../../../../src/core/errors.js';
import { makePolicy } from '../../../../src/policy/policyRegistry.js';
import { make } from '../../../../src/registry/registry.js';
import '../../../../envs/traffic/registerTraffic.js';
import '../../../../envs/traffic/network-env/registerTrafficNetwork.js';
import type { TrafficNetworkEnv } from '../../../../envs/traffic/network-env/TrafficNetworkEnv.js';
import type { TrafficSignalEnv } from '../../../../envs/traffic/env/TrafficSignalEnv.js';
import { JINAN_FEATURES, JINAN_PHASES } from '../env/jinanLayoutNames.js';

const FIX = new URL('../../../fixtures/cityflow/', import.meta.url).pathname;

/*
 * jinan1x1 is a CityFlow roadnet of one Jinan-style intersection written so that nothing lines up with the
 * synthetic preset by accident: centre at (100, 50), arms 250 m (E-W) and 500 m (N-S), roads listed S, W, N,
 * E, road links listed E, N, W, S, and the light phases in the order
 * 0 clearance, 1 N.s+N.l, 2 E.l+W.l, 3 S.s+N.s, 4 W.s+W.l, 5 E.s+W.s, 6 S.l+N.l, 7 E.s+E.l, 8 S.s+S.l.
 */
describe('TrafficNetwork-v0 canonical layout on an imported CityFlow intersection', () => {
  it('gives the same feature names, sizes and action meaning as the synthetic jinan preset', () => {
    const imported = make('TrafficNetwork-v0', { network: `${FIX}jinan1x1`, layout: 'canonical' });
    const synthetic = make('TrafficSignal-v0', { preset: 'jinan', layout: 'canonical' });
    const a = imported.unwrapped as TrafficNetworkEnv;
    const b = synthetic.unwrapped as TrafficSignalEnv;
    expect(a.layout?.featureNames).toEqual(JINAN_FEATURES);
    expect(b.layout?.featureNames).toEqual(JINAN_FEATURES);
    expect(imported.observationSpace.toString()).toBe(synthetic.observationSpace.toString());
    expect(imported.actionSpace.toString()).toBe('Discrete(8)');
    // canonical action -> imported phase (CityFlow phase k is native phase k-1, phase 0 being the clearance)
    expect(Array.from(a.layout?.nativePhase ?? [])).toEqual([0, 5, 2, 6, 1, 4, 7, 3]);
    const [obs] = imported.reset({ seed: 0 });
    expect(obs.length).toBe(33);
  });

  it("an action requests the phase it names; the 'program' policy still runs the imported cycle", () => {
    const env = make('TrafficNetwork-v0', { network: `${FIX}jinan1x1`, layout: 'canonical', numSeconds: 120 });
    const u = env.unwrapped as TrafficNetworkEnv;
    env.reset({ seed: 0 });
    for (let k = 0; k < 8; k++) env.step(JINAN_PHASES.indexOf('S.l+S.s'));
    expect(u.agent.phase).toBe(7); // CityFlow light phase 8: S.s + S.l
    const prog = make('TrafficNetwork-v0', { network: `${FIX}jinan1x1`, layout: 'canonical', deltaTime: 1, numSeconds: 120 });
    const policy = makePolicy('program', 'TrafficNetwork-v0', prog);
    let [obs, info] = prog.reset({ seed: 0 });
    const seen: number[] = [];
    const pa = (prog.unwrapped as TrafficNetworkEnv).agent;
    for (let t = 0; t < 110; t++) {
      if (!pa.inTransition && seen[seen.length - 1] !== pa.phase) seen.push(pa.phase);
      [obs, , , , info] = prog.step(policy.act(obs, info) as number);
    }
    // 30 s greens and 5 s clearances: phases 0, 1, 2, 3 begin at t = 0, 35, 70, 105
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('max-pressure picks the same movements under both layouts', () => {
    const run = (layout: string): number[] => {
      const env = make('TrafficNetwork-v0', { network: `${FIX}jinan1x1`, layout, numSeconds: 300 });
      const p = makePolicy('max-pressure', 'TrafficNetwork-v0', env);
      const a = (env.unwrapped as TrafficNetworkEnv).agent;
      let [obs, info] = env.reset({ seed: 3 });
      const phases: number[] = [];
      for (let k = 0; k < 60; k++) {
        [obs, , , , info] = env.step(p.act(obs, info) as number);
        phases.push(a.phase);
      }
      return phases;
    };
    const native = run('native');
    expect(new Set(native).size).toBeGreaterThan(1);
    expect(run('canonical')).toEqual(native);
  });

  it('refuses an intersection without 4 compass approaches, naming them', () => {
    // the SUMO fixture 'cross' has 4 arms; its first signal works; the CityFlow grid's do too: a T-junction is built here
    const net = {
      nodes: [
        { id: 'J', type: 'signalized', x: 0, y: 0 },
        { id: 'W', type: 'boundary', x: -200, y: 0 },
        { id: 'E', type: 'boundary', x: 200, y: 0 },
        { id: 'S', type: 'boundary', x: 0, y: -200 },
      ],
      roads: ['W', 'E', 'S'].flatMap((a) => [{ id: `${a}J`, from: a, to: 'J', lanes: [{}] }, { id: `J${a}`, from: 'J', to: a, lanes: [{}] }]),
      connections: [
        { from: 'WJ', fromLane: 0, to: 'JE', toLane: 0, dir: 's' },
        { from: 'EJ', fromLane: 0, to: 'JW', toLane: 0, dir: 's' },
        { from: 'SJ', fromLane: 0, to: 'JE', toLane: 0, dir: 'r' },
      ],
      signals: [{ node: 'J', phases: [{ protected: [0, 1], duration: 30 }, { protected: [2], duration: 20 }] }],
    };
    expect(() => make('TrafficNetwork-v0', { network: net, layout: 'canonical' })).toThrow(InvalidConfig);
    expect(() => make('TrafficNetwork-v0', { network: net, layout: 'canonical' })).toThrow(/approaches from \[E, S, W\], expected 4/);
  });
});
