import { describe, expect, it } from 'vitest';
import { InvalidConfig } from '../../../../src/core/errors.js';
import { checkEnv } from '../../../../src/checker/checkEnv.js';
import { make, makeParallel } from '../../../../src/registry/registry.js';
import '../../../../envs/traffic/registerTraffic.js';
import type { TrafficSignalEnv } from '../../../../envs/traffic/env/TrafficSignalEnv.js';
import { jinanIntersection } from '../../../../envs/traffic/env/jinanIntersection.js';

import { JINAN_FEATURES, JINAN_PHASES } from './jinanLayoutNames.js';

const unwrap = (kwargs: Record<string, unknown>): TrafficSignalEnv => make('TrafficSignal-v0', kwargs).unwrapped as TrafficSignalEnv;

describe("TrafficSignal-v0 layout: 'canonical'", () => {
  it("the 'jinan' preset: 8 phases x 12 lanes, named in the canonical order", () => {
    const env = unwrap({ preset: 'jinan', layout: 'canonical' });
    expect(env.layout?.featureNames).toEqual(JINAN_FEATURES);
    expect(env.observationSpace.shape).toEqual([8 + 1 + 2 * 12]);
    expect(env.actionSpace.n).toBe(8);
    // the preset lists its phases in Jinan's order: 1 W.s+E.s, 2 S.s+N.s, 3 W.l+E.l, 4 S.l+N.l, 5 W.s+W.l, 6 E.s+E.l, 7 S.s+S.l, 8 N.s+N.l
    expect(Array.from(env.layout?.nativePhase ?? [])).toEqual([7, 3, 1, 5, 2, 0, 6, 4]);
    checkEnv(make('TrafficSignal-v0', { preset: 'jinan', layout: 'canonical', detectionRange: 150, numSeconds: 200 }));
  });

  it('does not change the default observation (native layout)', () => {
    const env = unwrap({});
    expect(env.layout).toBeUndefined();
    expect(env.observationSpace.shape).toEqual([4 + 1 + 2 * 8]); // 4 phases, min-green, density and queue of 8 lanes
  });

  it('on the default 2-lane scenario: shared lanes are named by all their movements', () => {
    const env = unwrap({ layout: 'canonical' });
    const names = env.layout?.laneNames ?? [];
    // lane 1 (left) serves left + straight, lane 0 (right) straight + right
    expect(names).toEqual(['N.ls', 'N.sr', 'E.ls', 'E.sr', 'S.ls', 'S.sr', 'W.ls', 'W.sr']);
    // NS through (+ permitted lefts), NS lefts, EW through (+ permitted lefts), EW lefts; nothing is green in every phase
    expect(env.layout?.phaseNames).toEqual(['N.l+N.s+N.r+S.l+S.s+S.r', 'N.l+S.l', 'E.l+E.s+E.r+W.l+W.s+W.r', 'E.l+W.l']);
  });

  it('hand-computed observation: 3 queued vehicles within a 150 m detection range, a 4th beyond it', () => {
    const net = jinanIntersection({ demand: 0 });
    // three cars from the north going straight, queued at a red light; one from the south turning left, still far upstream
    net.demand = {
      flows: [],
      turning: [],
      vehicles: [0, 2, 4].map((t) => ({ depart: t, route: ['N-J', 'J-S'], type: 'jinan' })).concat([{ depart: 56, route: ['S-J', 'J-W'], type: 'jinan' }]),
    };
    const env = make('TrafficSignal-v0', { network: net, layout: 'canonical', detectionRange: 150, maxGreen: 1000, numSeconds: 600 });
    const ewThrough = JINAN_PHASES.indexOf('E.s+W.s');
    env.reset({ seed: 0 });
    let obs = new Float32Array(0);
    for (let k = 0; k < 12; k++) [obs] = env.step(ewThrough); // t = 60 s: N.s has had red all along
    const expected = new Float32Array(JINAN_FEATURES.length);
    expected[ewThrough] = 1; // E.s+W.s green
    expected[8] = 1; // green for 60 s >= min green 5 s
    // 150 m hold 150 / (5 m + 2.5 m gap) = 20 vehicles: 3 vehicles -> 0.15, all halting
    expected[JINAN_FEATURES.indexOf('N.s.density')] = 0.15;
    expected[JINAN_FEATURES.indexOf('N.s.queue')] = 0.15;
    // the S.l car entered at t >= 56 s on a 285 m lane at <= 11.1 m/s: > 229 m from the stop line, out of range
    expect(Array.from(obs)).toEqual(Array.from(expected).map((x) => Math.fround(x)));
    const whole = make('TrafficSignal-v0', { network: net, layout: 'canonical', maxGreen: 1000, numSeconds: 600 });
    whole.reset({ seed: 0 });
    for (let k = 0; k < 12; k++) [obs] = whole.step(ewThrough);
    // without a range the whole 285 m lane counts (38 vehicles fit): the S.l car is seen too
    expect(obs[JINAN_FEATURES.indexOf('N.s.queue')]).toBeCloseTo(3 / 38, 5);
    expect(obs[JINAN_FEATURES.indexOf('S.l.density')]).toBeCloseTo(1 / 38, 5);
  });

  it('actions request the named phase; rule baselines are mapped through the layout', () => {
    const env = unwrap({ preset: 'jinan', layout: 'canonical', numSeconds: 300 });
    env.reset({ seed: 0 });
    for (let k = 0; k < 4; k++) env.step(JINAN_PHASES.indexOf('N.l+N.s'));
    expect(env.agent.phase).toBe(7); // native phase 8 of Jinan (index 7): N.s + N.l
    expect(env.actionOfPhase(7)).toBe(0);
  });

  it('is refused for TrafficGrid-v0 and with a bad detection range, naming the value', () => {
    expect(() => makeParallel('TrafficGrid-v0', { layout: 'canonical' })).toThrow(InvalidConfig);
    expect(() => makeParallel('TrafficGrid-v0', { layout: 'canonical' })).toThrow(/single-intersection/);
    expect(() => make('TrafficSignal-v0', { layout: 'canonical', detectionRange: -5 })).toThrow(/detectionRange/);
    expect(() => make('TrafficSignal-v0', { preset: 'jinan', scenario: { lanes: 2 } })).toThrow(/lanes/);
  });

  it('is refused together with another observation builder (laneOrder compass or an observation function)', () => {
    expect(() => make('TrafficSignal-v0', { layout: 'canonical', laneOrder: 'compass' })).toThrow(/cannot be combined with laneOrder: 'compass'/);
    expect(() => make('TrafficSignal-v0', { layout: 'canonical', observation: () => new Float32Array(1) })).toThrow(/cannot be combined with observation/);
  });
});
