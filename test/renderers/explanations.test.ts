import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DQN } from '../../agents/dqn.js';
import { loadTf, type Tf } from '../../agents/loadTf.js';
import { PPO } from '../../agents/ppo.js';
import { registerFactory } from '../../envs/factory/registerFactory.js';
import { registerTraffic } from '../../envs/traffic/registerTraffic.js';
import { InvalidFile } from '../../src/core/errors.js';
import { make, makeParallel } from '../../src/registry/registry.js';
import { parseRecording } from '../../renderers/format/parseRecording.js';
import type { FrameExplanation, Recording } from '../../renderers/format/types.js';
import { recordRun } from '../../renderers/recordRun.js';
import { syntheticTraffic } from '../../renderers/synthetic/syntheticTraffic.js';
import { randomMlp, runDirWith } from '../serve/helpers.js';

let tf: Tf;
const dirs: string[] = [];
beforeAll(async () => {
  registerTraffic();
  registerFactory();
  tf = await loadTf({ backend: 'cpu', quiet: true });
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function runDir(net: unknown): string {
  const d = runDirWith(net);
  dirs.push(d);
  return d;
}

/** A version-2 recording: the synthetic 2x2 grid with a 3-feature, 2-action explanation of junction J in frame 1. */
function withExplanations(): Record<string, unknown> {
  const rec = JSON.parse(JSON.stringify(syntheticTraffic({ rows: 2, cols: 2, vehicles: 5, frames: 4, seed: 1 }))) as Record<string, unknown> & {
    frames: Record<string, unknown>[];
  };
  rec.version = 2;
  rec.explain = { kind: 'q', features: ['a', 'b', 'c'], actions: ['phase 0', 'phase 1'], agents: { K: { features: ['k1', 'k2'] } } };
  const e: FrameExplanation = {
    action: 1,
    kind: 'q',
    values: [0.5, 1.25],
    outputs: [{ output: 1, value: 1.25, baseline: 0.25, attribution: [0.5, 0.25, 0.25] }],
  };
  (rec.frames[1]).explanations = { J: e, K: { ...e, outputs: [{ output: 1, value: 1.25, baseline: 0.25, attribution: [0.5, 0.5] }] } };
  return rec;
}

function mutate(f: (r: Record<string, any>) => void): Record<string, unknown> {
  const r = withExplanations();
  f(r);
  return r;
}

describe('recording format version 2: explanations', () => {
  it('still reads version-1 recordings and reads the new fields of version 2', () => {
    const v1 = parseRecording(JSON.parse(JSON.stringify(syntheticTraffic({ rows: 2, cols: 2, vehicles: 5, frames: 4, seed: 1 }))));
    expect(v1.version).toBe(1);
    expect(v1.explain).toBeUndefined();
    const v2 = parseRecording(withExplanations());
    expect(v2.version).toBe(2);
    expect(v2.explain?.actions).toEqual(['phase 0', 'phase 1']);
    expect(v2.frames[1]?.explanations?.J?.values).toEqual([0.5, 1.25]);
    expect(v2.frames[1]?.explanations?.K?.outputs[0]?.attribution).toEqual([0.5, 0.5]);
  });

  it.each([
    [
      'explanations in a version-1 file',
      (r: Record<string, any>) => {
        r.version = 1;
      },
      /explain needs recording version 2/,
    ],
    [
      'explanations without the explain header',
      (r: Record<string, any>) => {
        delete r.explain;
      },
      /frames\[1\]\.explanations: explanations need the recording's explain header/,
    ],
    [
      'a value per action label',
      (r: Record<string, any>) => {
        r.frames[1].explanations.J.values = [1, 2, 3];
      },
      /frames\[1\]\.explanations\.J\.values: 3 values for 2 action labels/,
    ],
    [
      'an attribution per feature (own names of K)',
      (r: Record<string, any>) => {
        r.frames[1].explanations.K.outputs[0].attribution = [1, 2, 3];
      },
      /explanations\.K\.outputs\[0\]\.attribution: 3 entries for 2 features/,
    ],
    [
      'the header kind',
      (r: Record<string, any>) => {
        r.frames[1].explanations.J.kind = 'probs';
      },
      /explanations\.J\.kind: 'probs', expected 'q'/,
    ],
    [
      'an output index inside the values',
      (r: Record<string, any>) => {
        r.frames[1].explanations.J.outputs[0].output = 2;
      },
      /outputs\[0\]\.output: 2 is not an index of the 2 values/,
    ],
    [
      'finite values',
      (r: Record<string, any>) => {
        r.frames[1].explanations.J.values = [0.5, null];
      },
      /frames\.1\.explanations\.J\.values: expected an array of finite numbers|frames\[1\]\.explanations\.J\.values: expected an array of finite numbers/,
    ],
    [
      'a known kind in the header',
      (r: Record<string, any>) => {
        r.explain.kind = 'logits';
      },
      /explain\.kind/,
    ],
    [
      'a version this build reads',
      (r: Record<string, any>) => {
        r.version = 3;
      },
      /recording version 3; this tsgym reads versions 1 and 2/,
    ],
  ])('refuses %s with InvalidFile naming the field', (_what, f, message) => {
    const bad = mutate(f);
    expect(() => parseRecording(bad, 'x.json')).toThrow(InvalidFile);
    expect(() => parseRecording(bad, 'x.json')).toThrow(message);
  });
});

/** Steps TrafficSignal-v0 with `act` from the recording's seed, calling `check` with each decision's observation and frame. */
function replay(
  rec: Recording,
  seed: number,
  act: (obs: Float32Array) => number,
  check: (obs: Float32Array, e: FrameExplanation, step: number) => void,
): number {
  const env = make('TrafficSignal-v0');
  let [obs] = env.reset({ seed }) as [Float32Array, unknown];
  const key = Object.keys(rec.frames[1]?.explanations ?? {})[0] ?? '';
  let checked = 0;
  for (let s = 1; s < rec.frames.length; s++) {
    const e = rec.frames[s]?.explanations?.[key];
    expect(e, `frame ${s}`).toBeDefined();
    if (e) check(obs, e, s);
    checked++;
    obs = env.step(act(obs))[0] as Float32Array;
  }
  env.close();
  return checked;
}

describe('tsgym record explains a trained policy', () => {
  it('DQN on TrafficSignal-v0: recorded q-values and actions are the agent\'s own (qOf, predict) at every step', async () => {
    const env = make('TrafficSignal-v0');
    const agent = await DQN.create(env, {
      learningStarts: 40,
      bufferSize: 500,
      batchSize: 16,
      trainFreq: 1,
      targetUpdateInterval: 20,
      netArch: [12],
      learningRate: 1e-2,
      seed: 2,
      logInterval: 1000,
    });
    await agent.learn({ totalTimesteps: 120 });
    const dir = runDir(agent.exportPolicy());
    const rec = recordRun({ env: 'TrafficSignal-v0', policy: dir, seed: 7, maxSteps: 20 });
    expect(rec.version).toBe(2);
    expect(rec.explain?.kind).toBe('q');
    const junction = (env.unwrapped as unknown as { agent: { id: string; numPhases: number; inLanes: Int32Array } }).agent;
    // names from the env: phases one-hot, min-green flag, density and queue per incoming lane
    expect(rec.explain?.features.length).toBe(junction.numPhases + 1 + 2 * junction.inLanes.length);
    expect(rec.explain?.features.slice(0, 2)).toEqual(['phase=0', 'phase=1']);
    expect(rec.explain?.features.filter((f) => f.startsWith('queue ')).length).toBe(junction.inLanes.length);
    expect(rec.explain?.actions.map((a) => a.split(' ').slice(0, 2).join(' '))).toEqual(Array.from({ length: junction.numPhases }, (_, p) => `phase ${p}`));
    expect(Object.keys(rec.frames[1]?.explanations ?? {})).toEqual([junction.id]); // keyed by the intersection id
    expect(rec.frames[0]?.explanations).toBeUndefined(); // the reset frame has no decision
    const n = replay(rec, 7, (obs) => agent.predict(obs), (obs, e) => {
      const q = Array.from(agent.qOf(obs));
      expect(e.values.length).toBe(q.length);
      e.values.forEach((v, k) => expect(Math.abs(v - (q[k] ?? NaN))).toBeLessThan(1e-4 * Math.max(1, Math.abs(q[k] ?? 0))));
      expect(e.action).toBe(agent.predict(obs));
      expect(e.outputs[0]?.output).toBe(e.action);
    });
    expect(n).toBe(20);
    agent.dispose();
    env.close();
  }, 60_000);

  it('PPO on TrafficSignal-v0: recorded probabilities are the softmax of the agent\'s own logits, actions its deterministic predict', async () => {
    const env = make('TrafficSignal-v0');
    const agent = await PPO.create(env, { numSteps: 32, numMinibatches: 2, updateEpochs: 2, netArch: [8], seed: 4 });
    await agent.learn({ totalTimesteps: 64 });
    const dir = runDir(agent.exportPolicy());
    const rec = recordRun({ env: 'TrafficSignal-v0', policy: dir, seed: 3, maxSteps: 12 });
    expect(rec.explain?.kind).toBe('probs');
    const n = replay(rec, 3, (obs) => agent.predict(obs, { deterministic: true }) as number, (obs, e) => {
      const logits = tf.tidy(() => agent.ac.logits(tf.tensor2d(obs, [1, obs.length])).dataSync());
      const max = Math.max(...logits);
      const ex = Array.from(logits, (l) => Math.exp(l - max));
      const z = ex.reduce((a, b) => a + b, 0);
      ex.forEach((p, k) => expect(Math.abs((e.values[k] ?? NaN) - p / z)).toBeLessThan(1e-5));
      expect(e.values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(e.action).toBe(agent.predict(obs, { deterministic: true }));
    });
    expect(n).toBe(12);
    agent.dispose();
    env.close();
  }, 60_000);

  it('TrafficGrid-v0: one explanation per intersection with that intersection\'s lane names; FactoryLine-v0: keyed by the dispatched machine', () => {
    const grid = makeParallel('TrafficGrid-v0', { scenario: { rows: 2, cols: 2 } });
    const ids = [...grid.possibleAgents];
    const size = (grid.observationSpace(ids[0] ?? '') as unknown as { size: number }).size;
    const phases = (grid.actionSpace(ids[0] ?? '') as unknown as { n: number }).n;
    grid.close();
    const rec = recordRun({
      env: 'TrafficGrid-v0',
      kwargs: { scenario: { rows: 2, cols: 2 } },
      policy: runDir(randomMlp(5, size, [8], phases, 'q', 0, 1)),
      seed: 1,
      maxSteps: 5,
    });
    expect(Object.keys(rec.frames[1]?.explanations ?? {}).sort()).toEqual([...ids].sort());
    const scene = rec.scene.kind === 'traffic' ? rec.scene : null;
    expect(ids.every((id) => scene?.junctions.some((j) => j.id === id))).toBe(true);
    for (const id of ids) {
      const lanes = (rec.explain?.agents?.[id]?.features ?? []).filter((f) => f.startsWith('queue ')).map((f) => f.slice(6));
      // each name is a lane of the scene that ends at this intersection's stop line
      expect(lanes.length).toBeGreaterThan(0);
      for (const l of lanes) expect(scene?.lanes.find((x) => x.id === l)?.stop).toBe(true);
    }

    const line = make('FactoryLine-v0', { mode: 'rule' });
    const obsSize = (line.observationSpace as unknown as { size: number }).size;
    const nAct = (line.actionSpace as unknown as { n: number }).n;
    line.close();
    const frec = recordRun({
      env: 'FactoryLine-v0',
      kwargs: { mode: 'rule' },
      policy: runDir(randomMlp(6, obsSize, [8], nAct, 'logits', -1, 1)),
      seed: 2,
      maxSteps: 30,
    });
    expect(frec.explain?.features.length).toBe(obsSize);
    expect(frec.explain?.actions.slice(0, 2)).toEqual(['FIFO', 'SPT']);
    const machines = new Set(frec.scene.kind === 'factory' ? frec.scene.machines.map((m) => m.id) : []);
    const keys = new Set(frec.frames.flatMap((f) => Object.keys(f.explanations ?? {})));
    expect(keys.size).toBeGreaterThan(1);
    for (const k of keys) expect(machines.has(k) || k === 'release').toBe(true);
  }, 60_000);
});
