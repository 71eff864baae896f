import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../../src/checker/checkEnv.js';
import { checkParallelEnv } from '../../../../src/checker/checkParallelEnv.js';
import { InvalidConfig, InvalidFile } from '../../../../src/core/errors.js';
import { makePolicy, policiesFor } from '../../../../src/policy/policyRegistry.js';
import { make, makeParallel } from '../../../../src/registry/registry.js';
import '../../../../envs/traffic/registerTraffic.js';
import '../../../../envs/traffic/network-env/registerTrafficNetwork.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import type { TrafficNetworkEnv } from '../../../../envs/traffic/network-env/TrafficNetworkEnv.js';

const FIX = new URL('../../../fixtures/', import.meta.url).pathname;

describe('TrafficNetwork-v0 on the imported SUMO single intersection', () => {
  it('passes checkEnv; phases and episode length come from the imported files', () => {
    const env = make('TrafficNetwork-v0', { network: `${FIX}sumo/cross/cross.sumocfg`, numSeconds: 300 });
    checkEnv(env);
    expect(env.actionSpace.toString()).toBe('Discrete(2)');
    const u = make('TrafficNetwork-v0', { network: `${FIX}sumo/cross/cross.sumocfg` }).unwrapped as TrafficNetworkEnv;
    expect(u.cfg.numSeconds).toBe(3600); // <end value="3600"/> in cross.sumocfg
  });

  it("policy 'program' runs tlLogic 'C' as written: 42 s green, 3 s yellow, 42 s green, 3 s yellow", () => {
    const env = make('TrafficNetwork-v0', { network: `${FIX}sumo/cross/cross.sumocfg`, deltaTime: 1, numSeconds: 200 });
    const policy = makePolicy('program', 'TrafficNetwork-v0', env);
    let [obs, info] = env.reset({ seed: 1 });
    const agent = (env.unwrapped as TrafficNetworkEnv).agent;
    const trace: string[] = [];
    for (let t = 0; t < 180; t++) {
      trace.push(agent.inTransition ? 'y' : String(agent.phase));
      [obs, , , , info] = env.step(policy.act(obs, info) as number);
    }
    // SUMO: yellow starts at 42, 87, 132, 177 and the greens alternate 0, 1, 0, 1. As through TraCI, the state
    // seen after the step ending at t is the one that ran during it, switched at its start t-1: yellow is
    // first seen at t = 43, ...; at reset (t = 0) the state of t = -1 shows (the cycle's last yellow)
    const yellowOnsets = trace.flatMap((x, t) => (x === 'y' && trace[t - 1] !== 'y' ? [t] : []));
    expect(yellowOnsets).toEqual([0, 43, 88, 133, 178]);
    expect(trace.join('').replace(/y+/g, '|').split('|').map((run) => run[0])).toEqual([undefined, '0', '1', '0', '1', undefined]);
    const m = info.metrics as Record<string, number>;
    expect(m.inserted).toBeGreaterThan(0);
    for (const k of ['arrived', 'meanTravelTime', 'meanWaitingTime', 'meanTimeLoss']) expect(m[k]).toBeTypeOf('number');
  });

  it('keeps a SUMO offset: phase 0 starts at t = offset', () => {
    // the cross program (cycle 90 s) with offset 10: at t = 0 the plan is 80 s into its cycle (phase 1 green,
    // started at 45), yellow from 87 (t = 7), phase 0 green from t = 10
    const net = loadNetworkFile(`${FIX}sumo/cross/cross.sumocfg`).spec;
    const env = make('TrafficNetwork-v0', { network: { ...net, signals: net.signals.map((s) => ({ ...s, offset: 10 })) }, deltaTime: 1 });
    const policy = makePolicy('program', 'TrafficNetwork-v0', env);
    let [obs, info] = env.reset({ seed: 0 });
    const agent = (env.unwrapped as TrafficNetworkEnv).agent;
    const trace: string[] = [];
    for (let t = 0; t < 12; t++) {
      trace.push(agent.inTransition ? 'y' : String(agent.phase));
      [obs, , , , info] = env.step(policy.act(obs, info) as number);
    }
    // yellow from t = 7 (87 s into the cycle) as SUMO, seen from t = 8 (see above); phase 0 after it
    expect(trace.slice(0, 9).join('')).toBe('11111111y');
    expect(trace[10]).toBe('y');
    expect(trace[11]).toBe('0');
  });

  it("policy 'program' keeps timings outside the env's defaults (70 s > maxGreen 50, 3 s < minGreen 5, 5 s yellow, 2 s all-red), in both envs", () => {
    // phase 0: green [0, 70), yellow [70, 75); phase 1: green [75, 78), yellow [78, 83), all-red [83, 85); phase 0 again from 85, yellow at 155
    const net = loadNetworkFile(`${FIX}sumo/cross/cross.sumocfg`).spec;
    const timing = [{ duration: 70, yellow: 5, allRed: 0 }, { duration: 3, yellow: 5, allRed: 2 }];
    // the edited phases play (the imported program as written, `program`, is dropped: when present it is what plays)
    const network = {
      ...net,
      signals: net.signals.map(({ program: _program, ...s }) => ({ ...s, phases: s.phases.map((ph, k) => ({ ...ph, ...timing[k] })) })),
    };
    // seen one step later (the state that ran during the step just ended); at reset the state of t = -1: the last all-red
    const at = (u: number): string => (u < 0 ? 'y' : u < 70 ? '0' : u < 75 ? 'y' : u < 78 ? '1' : u < 85 ? 'y' : u < 155 ? '0' : 'y');
    const expected = (t: number): string => at(t - 1);
    const single = make('TrafficNetwork-v0', { network, deltaTime: 1, numSeconds: 300 });
    const policy = makePolicy('program', 'TrafficNetwork-v0', single);
    let [obs, info] = single.reset({ seed: 0 });
    const agent = (single.unwrapped as TrafficNetworkEnv).agent;
    const parallel = makeParallel('TrafficNetworkParallel-v0', { network, deltaTime: 1, numSeconds: 300 });
    const pPolicy = makePolicy('program', 'TrafficNetworkParallel-v0', parallel);
    let [pObs, pInfos] = parallel.reset({ seed: 0 });
    const pAgent = [...(parallel.unwrapped as unknown as { signalAgents: Map<string, typeof agent> }).signalAgents.values()][0];
    for (let t = 0; t < 160; t++) {
      expect(agent.inTransition ? 'y' : String(agent.phase), `single t=${t}`).toBe(expected(t));
      expect(pAgent?.inTransition ? 'y' : String(pAgent?.phase), `parallel t=${t}`).toBe(expected(t));
      [obs, , , , info] = single.step(policy.act(obs, info) as number);
      const out = parallel.step(pPolicy.act(pObs, Object.values(pInfos)[0] ?? {}) as Record<string, number>);
      pObs = out[0];
      pInfos = out[4];
    }
  });

  it('lists program next to the traffic baselines, and refuses bad kwargs and missing files by name', () => {
    expect(policiesFor('TrafficNetwork-v0')).toEqual(expect.arrayContaining(['program', 'fixed-time', 'max-pressure']));
    expect(() => make('TrafficNetwork-v0', { network: `${FIX}sumo/nothing.sumocfg` })).toThrow(InvalidFile);
    expect(() => make('TrafficNetwork-v0', { network: `${FIX}sumo/cross/cross.sumocfg`, lanes: 3 })).toThrow(InvalidConfig);
    expect(() => make('TrafficNetwork-v0', { network: 42 })).toThrow(/network: expected a path/);
  });
});

describe('without a network', () => {
  it('TrafficNetwork-v0 and TrafficNetworkParallel-v0 build the default scenarios of TrafficSignal-v0 and TrafficGrid-v0', () => {
    const a = make('TrafficNetwork-v0');
    const b = make('TrafficSignal-v0');
    expect(a.actionSpace.toString()).toBe(b.actionSpace.toString());
    expect(a.observationSpace.toString()).toBe(b.observationSpace.toString());
    const p = makeParallel('TrafficNetworkParallel-v0');
    const q = makeParallel('TrafficGrid-v0');
    expect([...p.possibleAgents]).toEqual([...q.possibleAgents]);
  });
});

describe('TrafficNetworkParallel-v0 on the CityFlow 2x2 fixture', () => {
  it('has one agent per signal with the 4 imported phases, and passes checkParallelEnv', () => {
    const env = makeParallel('TrafficNetworkParallel-v0', { network: `${FIX}cityflow/grid2x2`, numSeconds: 100 });
    expect([...env.possibleAgents].sort()).toEqual(['intersection_1_1', 'intersection_1_2', 'intersection_2_1', 'intersection_2_2']);
    for (const a of env.possibleAgents) expect(env.actionSpace(a).toString()).toBe('Discrete(4)');
    checkParallelEnv(env);
  });

  it("policy 'program' and max-pressure run the fixture to the end with every vehicle accounted for", () => {
    for (const name of ['program', 'max-pressure']) {
      const env = makeParallel('TrafficNetworkParallel-v0', { network: `${FIX}cityflow/grid2x2/config.json`, numSeconds: 1200, model: 'krauss' });
      const policy = makePolicy(name, 'TrafficNetworkParallel-v0', env);
      let [obs, infos] = env.reset({ seed: 3 });
      let m: Record<string, number> = {};
      for (let k = 0; k < 240 && env.agents.length > 0; k++) {
        const first = Object.values(infos)[0] ?? {};
        const out = env.step(policy.act(obs, first) as Record<string, number>);
        obs = out[0];
        infos = out[4];
        m = (Object.values(infos)[0]?.metrics ?? {}) as Record<string, number>;
      }
      // 60 + 40 + 21 + 1 + 21 vehicles in flow.json, the last at t = 600: all arrived by t = 1200
      expect(m.inserted).toBe(143);
      expect(m.arrived).toBe(143);
      expect(m.running).toBe(0);
    }
  });
});
