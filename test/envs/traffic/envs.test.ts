import { describe, expect, it } from 'vitest';
import '../../../envs/traffic/index.js';
import type { TrafficSignalAgent } from '../../../envs/traffic/env/TrafficSignalAgent.js';
import type { TrafficGridEnv } from '../../../envs/traffic/env/TrafficGridEnv.js';
import type { TrafficSignalEnv } from '../../../envs/traffic/env/TrafficSignalEnv.js';
import { checkEnv, checkParallelEnv } from '../../../src/checker/index.js';
import { InvalidAction, InvalidConfig } from '../../../src/core/errors.js';
import { make, makeParallel } from '../../../src/registry/registry.js';

describe('TrafficSignal-v0', () => {
  it('passes checkEnv', () => {
    checkEnv(make('TrafficSignal-v0', { numSeconds: 300 }, { renderMode: 'ansi' }));
  });

  it('has sumo-rl spaces: phases one-hot + min-green flag + density and queue per incoming lane', () => {
    const env = make('TrafficSignal-v0');
    // default: 4 arms x 2 lanes, 4 phases -> 4 + 1 + 8 + 8
    expect(env.observationSpace.shape).toEqual([21]);
    expect(env.actionSpace.toString()).toMatch(/Discrete\(4\)/);
    const [obs, info] = env.reset({ seed: 0 });
    expect(Array.from(obs.slice(0, 5))).toEqual([1, 0, 0, 0, 0]);
    expect(info.metrics).toBeDefined();
  });

  it('truncates (never terminates) after numSeconds of simulated time, 5 s per step by default', () => {
    const env = make('TrafficSignal-v0', { numSeconds: 60 });
    env.reset({ seed: 1 });
    let steps = 0;
    let r: ReturnType<typeof env.step>;
    do {
      r = env.step(0);
      steps++;
      expect(r[2]).toBe(false);
    } while (!r[3]);
    expect(steps).toBe(12);
    expect((r[4] as { time: number }).time).toBe(60);
    expect(Object.keys((r[4] as { metrics: object }).metrics)).toEqual(
      expect.arrayContaining(['meanDelay', 'meanWaitingTime', 'meanTravelTime', 'throughput', 'queue']),
    );
    // per intersection: vehicles through the junction = arrived + inside the junction + on the exit roads
    const e = (env.unwrapped as TrafficSignalEnv).engine;
    let inside = 0;
    for (let s = e.net.nLanes; s < e.net.nSegs; s++) inside += e.segCount[s];
    let onExits = 0;
    for (let l = 0; l < e.net.nLanes; l++) if (e.net.roadFrom[e.net.laneRoad[l]] === (env.unwrapped as TrafficSignalEnv).agent.node) onExits += e.segCount[l];
    const m = (r[4] as { metrics: Record<string, number> }).metrics;
    expect(r[4].throughput).toBe((m.arrived) + inside + onExits);
  });

  it('diff-waiting-time reward is the drop of the accumulated waiting time on the incoming lanes / 100', () => {
    const env = make('TrafficSignal-v0', { scenario: { demand: 900 } });
    env.reset({ seed: 2 });
    const agent = (env.unwrapped as TrafficSignalEnv).agent;
    let before = agent.waitingTime();
    for (let i = 0; i < 30; i++) {
      const r = env.step(i % 4);
      const after = agent.waitingTime();
      expect(r[1]).toBeCloseTo((before - after) / 100, 9);
      before = after;
    }
  });

  it('queue, pressure, average-speed and delay rewards, and custom reward/observation functions', () => {
    for (const reward of ['queue', 'pressure', 'average-speed', 'delay'] as const) {
      const env = make('TrafficSignal-v0', { reward, scenario: { demand: 900 } });
      env.reset({ seed: 3 });
      let r = env.step(0);
      for (let i = 0; i < 10; i++) r = env.step(0);
      const agent = (env.unwrapped as TrafficSignalEnv).agent;
      if (reward === 'queue') expect(r[1]).toBe(-agent.queue());
      if (reward === 'pressure') expect(r[1]).toBe(agent.pressure());
      if (reward === 'average-speed') expect(r[1]).toBeGreaterThanOrEqual(0);
      if (reward === 'delay') expect(Number.isFinite(r[1])).toBe(true);
    }
    const env = make('TrafficSignal-v0', {
      reward: (a: TrafficSignalAgent) => a.phase * 10,
      observation: (a: TrafficSignalAgent) => Float32Array.of(a.phase, a.greenTime),
    });
    expect(env.observationSpace.shape).toEqual([2]);
    env.reset({ seed: 0 });
    const r = env.step(0);
    expect(r[1]).toBe(0);
    expect(r[0][0]).toBe(0);
  });

  it('an action asks for the next green: yellow is inserted and min green enforced', () => {
    const env = make('TrafficSignal-v0', { minGreen: 10, deltaTime: 5 });
    env.reset({ seed: 0 });
    const agent = (env.unwrapped as TrafficSignalEnv).agent;
    env.step(2); // t = 5: green of phase 0 has run 5 s < min green -> still phase 0
    expect(agent.phase).toBe(0);
    env.step(2); // t = 10: min green reached, yellow starts
    expect(agent.inTransition || agent.phase === 2).toBe(true);
    env.step(2); // t = 15: after 3 s of yellow, phase 2 is green
    expect(agent.phase).toBe(2);
    expect(agent.inTransition).toBe(false);
  });

  it('renders ansi: phase and queues per approach', () => {
    const env = make('TrafficSignal-v0', {}, { renderMode: 'ansi' });
    env.reset({ seed: 0 });
    for (let i = 0; i < 20; i++) env.step(0);
    const txt = env.render() as string;
    expect(txt).toMatch(/J0_0 {2}phase 1\/4/);
    expect(txt.split('\n').filter((l) => l.startsWith('  ') && l.includes('queue')).length).toBe(4);
  });

  it('refuses bad kwargs and actions with messages naming them', () => {
    expect(() => make('TrafficSignal-v0', { deltaTme: 5 })).toThrow(/unknown key 'deltaTme'/);
    expect(() => make('TrafficSignal-v0', { minGreen: 70, maxGreen: 50 })).toThrow(InvalidConfig);
    expect(() => make('TrafficSignal-v0', { scenario: { demand: -1 } })).toThrow(/kwargs\.scenario: demand/);
    expect(() => make('TrafficSignal-v0', { reward: 'speediness' })).toThrow(/reward/);
    const env = make('TrafficSignal-v0');
    env.reset({ seed: 0 });
    expect(() => env.step(7)).toThrow(InvalidAction);
  });
});

describe('TrafficGrid-v0', () => {
  it('passes checkParallelEnv on a 2 x 2 grid', () => {
    checkParallelEnv(makeParallel('TrafficGrid-v0', { scenario: { rows: 2, cols: 2 }, numSeconds: 300 }));
  });

  it('has one agent per intersection, all truncated together at numSeconds', () => {
    const env = makeParallel('TrafficGrid-v0', { numSeconds: 20 }) as TrafficGridEnv;
    expect(env.possibleAgents).toHaveLength(16);
    const [obs] = env.reset({ seed: 0 });
    // 1 lane, 2 phases: 2 + 1 + 4 + 4
    expect(obs['J1_2']).toHaveLength(11);
    let truncs: Record<string, boolean> = {};
    for (let i = 0; i < 4; i++) truncs = env.step(Object.fromEntries(env.agents.map((a) => [a, 1])))[3];
    expect(Object.values(truncs).every((t) => t)).toBe(true);
    expect(env.agents).toHaveLength(0);
    expect(() => env.step({})).toThrow(InvalidAction);
  });
});
