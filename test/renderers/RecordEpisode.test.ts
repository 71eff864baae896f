import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFactory } from '../../envs/factory/registerFactory.js';
import { Env as EnvBase } from '../../src/core/Env.js';
import type { Env } from '../../src/core/Env.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import type { Info } from '../../src/core/types.js';
import { makePolicy } from '../../src/policy/policyRegistry.js';
import { make } from '../../src/registry/registry.js';
import { decodeIds } from '../../renderers/format/deltaIds.js';
import type { Recording } from '../../renderers/format/types.js';
import { readRecording } from '../../renderers/io/readRecording.js';
import { RecordEpisode } from '../../renderers/RecordEpisode.js';

let dir: string;
beforeAll(() => {
  registerFactory();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-rec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Trace { obs: string[]; rewards: number[]; info: Info }

/** Runs one episode with a named baseline, at most `maxSteps` steps. */
function run(env: Env<unknown, number>, envId: string, policy: string, seed: number, maxSteps = 400): Trace {
  const p = makePolicy(policy, envId, env);
  p.reset?.(seed);
  let [obs, info] = env.reset({ seed });
  const t: Trace = { obs: [JSON.stringify(obs)], rewards: [], info };
  for (let i = 0; i < maxSteps; i++) {
    const [o, r, term, trunc, inf] = env.step(p.act(obs, info) as number);
    obs = o;
    info = inf;
    t.obs.push(JSON.stringify(o, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v)));
    t.rewards.push(r);
    t.info = inf;
    if (term || trunc) break;
  }
  return t;
}

describe('RecordEpisode on FactoryLine-v0', () => {
  it('does not change the trajectory and writes a valid recording when closed mid-episode', async () => {
    const path = join(dir, 'line.json.gz');
    const plain = run(make('FactoryLine-v0'), 'FactoryLine-v0', 'spt', 7, 300);
    const env = new RecordEpisode(make('FactoryLine-v0'), { path, policy: 'spt', every: 4 });
    const rec = run(env, 'FactoryLine-v0', 'spt', 7, 300);
    expect(rec.obs).toEqual(plain.obs);
    expect(rec.rewards).toEqual(plain.rewards);
    env.close();
    const r = await readRecording(path);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(r.env).toBe('FactoryLine-v0');
    expect(r.seed).toBe(7);
    expect(r.policy).toBe('spt');
    expect(r.summary.steps).toBe(300);
    expect(r.summary.terminated || r.summary.truncated).toBe(false);
    // Frames at steps 0, 4, ..., 300; rewards between frames add up to the episode's.
    expect(r.frames.map((f) => f.step)).toEqual(Array.from({ length: 76 }, (_, i) => 4 * i));
    const sum = plain.rewards.reduce((a, b) => a + b, 0);
    expect(r.frames.reduce((a, f) => a + f.reward, 0)).toBeCloseTo(sum, 9);
    expect(r.summary.totalReward).toBeCloseTo(sum, 9);
    for (let i = 1; i < r.frames.length; i++) expect(r.frames[i]?.t).toBeGreaterThanOrEqual(r.frames[i - 1]?.t ?? 0);
    // The last frame's metrics are the env's own at that step.
    const last = r.frames[r.frames.length - 1];
    expect(last?.metrics.wip).toBe(plain.info.wip);
    expect(r.scene.kind).toBe('factory');
  });
});

describe('RecordEpisode on JobShop-v0', () => {
  it('replays the final schedule in time: busy machines and finished jobs match the schedule', async () => {
    const path = join(dir, 'ft06-{episode}.json');
    const env = new RecordEpisode(make('JobShop-v0', { instance: 'ft06' }), { path, policy: 'spt' });
    const t = run(env, 'JobShop-v0', 'spt', 0);
    const r: Recording = await readRecording(join(dir, 'ft06-0.json'));
    expect(r.summary.terminated).toBe(true);
    expect(r.summary.steps).toBe(36);
    const schedule = t.info.schedule as { job: number; machine: number; start: number; end: number }[];
    expect(schedule).toHaveLength(36);
    const makespan = t.info.makespan as number;
    expect(r.frames[r.frames.length - 1]?.t).toBe(makespan);
    const ids = new Int32Array(6);
    for (const f of r.frames) {
      const running = schedule.filter((o) => o.start <= f.t && f.t < o.end);
      expect(f.machines?.s.filter((s) => s === 1).length).toBe(running.length);
      for (const o of running) expect(f.machines?.j[o.machine]).toBe(o.job);
      const finished = new Set(
        schedule
          .filter((o) => o.end <= f.t)
          .map((o) => o.job)
          .filter((j) => schedule.filter((o) => o.job === j).every((o) => o.end <= f.t)),
      );
      expect(f.metrics.jobsFinished).toBe(finished.size);
      expect(decodeIds(f.jobs?.id ?? [], ids)).toBe(6);
      expect([...ids]).toEqual([0, 1, 2, 3, 4, 5]);
    }
    expect(r.summary.totalReward).toBeCloseTo(t.rewards.reduce((a, b) => a + b, 0), 9);
    // the Gantt chart's data: every operation's job, machine, start and end, as the env's final schedule
    const g = r.summary.schedule;
    expect(g?.job).toEqual(schedule.map((o) => o.job));
    expect(g?.machine).toEqual(schedule.map((o) => o.machine));
    expect(g?.start).toEqual(schedule.map((o) => o.start));
    expect(g?.end).toEqual(schedule.map((o) => o.end));
  });

  it('refuses an env it has no adapter for', () => {
    class Coin extends EnvBase<number, number> {
      observationSpace = new Discrete(2);
      actionSpace = new Discrete(2);
      reset(): [number, Info] { return [0, {}]; }
      step(): [number, number, boolean, boolean, Info] { return [0, 0, true, false, {}]; }
    }
    expect(() => new RecordEpisode(new Coin())).toThrow(/RecordEpisode: no scene adapter for Coin/);
  });
});
