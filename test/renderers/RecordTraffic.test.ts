import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTraffic } from '../../envs/traffic/registerTraffic.js';
import { makePolicy } from '../../src/policy/policyRegistry.js';
import { make, makeParallel } from '../../src/registry/registry.js';
import { unpackInts } from '../../renderers/format/packInts.js';
import { readRecording } from '../../renderers/io/readRecording.js';
import { RecordEpisode } from '../../renderers/RecordEpisode.js';
import { RecordParallelEpisode } from '../../renderers/RecordParallelEpisode.js';

let dir: string;
beforeAll(() => {
  registerTraffic();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-rect-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const flat = (x: unknown): string => JSON.stringify(x, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v));

describe('RecordEpisode on traffic envs', () => {
  it('TrafficSignal-v0: same trajectory, one vehicle per running vehicle, signal heads by state', async () => {
    const steps = 40;
    const runOnce = (record: boolean): { obs: string[]; running: number[] } => {
      const base = make('TrafficSignal-v0');
      const env = record ? new RecordEpisode(base, { path: join(dir, 'signal.json.gz'), policy: 'max-pressure', every: 2 }) : base;
      const p = makePolicy('max-pressure', 'TrafficSignal-v0', base);
      p.reset?.(5);
      let [obs, info] = env.reset({ seed: 5 });
      const out = { obs: [flat(obs)], running: [] as number[] };
      for (let i = 0; i < steps; i++) {
        const r = env.step(p.act(obs, info));
        obs = r[0];
        info = r[4];
        out.obs.push(flat(obs));
        out.running.push((info.metrics as Record<string, number>).running ?? -1);
      }
      env.close();
      return out;
    };
    const plain = runOnce(false);
    const rec = runOnce(true);
    expect(rec.obs).toEqual(plain.obs);
    const r = await readRecording(join(dir, 'signal.json.gz'));
    expect(r.scene.kind).toBe('traffic');
    expect(r.frames.map((f) => f.step)).toEqual(Array.from({ length: steps / 2 + 1 }, (_, i) => 2 * i));
    const scene = r.scene.kind === 'traffic' ? r.scene : null;
    expect(scene?.signals.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const f of r.frames.slice(1)) {
      // The engine counts running vehicles (its metrics) independently of the vehicle listing.
      expect(f.vehicles?.n).toBe(plain.running[f.step - 1]);
      for (const ch of f.signals ?? '') seen.add(ch);
      const h = new Int32Array(f.vehicles?.n ?? 0);
      unpackInts(f.vehicles?.h ?? '', h);
      for (const d of h) expect(d >= 0 && d < 360).toBe(true);
    }
    expect(seen.has('g') && seen.has('r')).toBe(true);
    expect(r.frames.some((f) => (f.vehicles?.n ?? 0) > 0)).toBe(true);
  });

  it('TrafficGrid-v0: RecordParallelEpisode keeps the trajectory and sums agent rewards', async () => {
    const steps = 12;
    const runOnce = (record: boolean): { obs: string[]; reward: number } => {
      const base = makeParallel('TrafficGrid-v0');
      const env = record ? new RecordParallelEpisode(base, { path: join(dir, 'grid.json'), policy: 'max-pressure' }) : base;
      const p = makePolicy('max-pressure', 'TrafficGrid-v0', base);
      p.reset?.(1);
      let [obs, infos] = env.reset({ seed: 1 });
      const out = { obs: [flat(obs)], reward: 0 };
      for (let i = 0; i < steps; i++) {
        const r = env.step(p.act(obs, infos));
        obs = r[0];
        infos = r[4];
        for (const a in r[1]) out.reward += r[1][a] ?? 0;
        out.obs.push(flat(obs));
      }
      env.close();
      return out;
    };
    const plain = runOnce(false);
    const rec = runOnce(true);
    expect(rec.obs).toEqual(plain.obs);
    const r = await readRecording(join(dir, 'grid.json'));
    expect(r.env).toBe('TrafficGrid-v0');
    expect(r.frames).toHaveLength(steps + 1);
    expect(r.summary.totalReward).toBeCloseTo(plain.reward, 9);
    const scene = r.scene.kind === 'traffic' ? r.scene : null;
    // A 4x4 grid: 16 signalised junctions.
    expect(new Set(scene?.signals.map((s) => s.junction)).size).toBe(16);
  });
});
