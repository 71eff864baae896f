import { describe, expect, it } from 'vitest';
import { InvalidConfig } from '../../src/core/errors.js';
import { RecordEpisodeStatistics } from '../../src/wrappers/RecordEpisodeStatistics.js';
import { ScriptEnv } from '../core/toyEnvs.js';

describe('RecordEpisodeStatistics', () => {
  it('puts episode { r, l, t } in the final step info only', () => {
    const env = new RecordEpisodeStatistics(new ScriptEnv([{ reward: 1 }, { reward: 2.5 }, { reward: -0.5, terminated: true }]));
    env.reset();
    expect('episode' in env.step(0)[4]).toBe(false);
    expect('episode' in env.step(0)[4]).toBe(false);
    const info = env.step(0)[4] as { episode: { r: number; l: number; t: number } };
    expect(info.episode.r).toBe(3);
    expect(info.episode.l).toBe(3);
    expect(info.episode.t).toBeGreaterThanOrEqual(0);
    expect(info.episode.t).toBeLessThan(5);
    // rounded to 6 decimals, as Gymnasium's round(t, 6)
    expect(Math.abs(info.episode.t * 1e6 - Math.round(info.episode.t * 1e6))).toBeLessThan(1e-6);
    expect(env.episodeCount).toBe(1);
  });

  it('ends episodes on truncation too, and measures wall time since reset', async () => {
    const env = new RecordEpisodeStatistics(new ScriptEnv([{ reward: 1, truncated: true }]));
    env.reset();
    await new Promise((r) => setTimeout(r, 30));
    const info = env.step(0)[4] as { episode: { t: number } };
    expect(info.episode.t).toBeGreaterThanOrEqual(0.025);
  });

  it('keeps the last bufferLength returns, lengths and times', () => {
    const inner = new ScriptEnv([{ reward: 1 }, { reward: 1, terminated: true }]);
    const env = new RecordEpisodeStatistics(inner, 2);
    const rewards = [[5], [1, 2], [3, 3]];
    for (const ep of rewards) {
      (inner.script as { reward?: number; terminated?: boolean }[]).splice(
        0,
        inner.script.length,
        ...ep.map((r, i) => ({ reward: r, terminated: i === ep.length - 1 })),
      );
      env.reset();
      for (let i = 0; i < ep.length; i++) env.step(0);
    }
    expect(env.returnQueue).toEqual([3, 6]);
    expect(env.lengthQueue).toEqual([2, 2]);
    expect(env.timeQueue).toHaveLength(2);
    expect(env.episodeCount).toBe(3);
  });

  it('does not mutate the info object of the inner env, and refuses an info that already has the key', () => {
    const shared = { x: 1 };
    const inner = new ScriptEnv([{ terminated: true }]);
    inner.step = () => [Float32Array.of(0), 1, true, false, shared];
    const env = new RecordEpisodeStatistics(inner);
    env.reset();
    env.step(0);
    expect(shared).toEqual({ x: 1 });
    const clash = new RecordEpisodeStatistics(new ScriptEnv([{ terminated: true, info: { episode: 1 } }]));
    clash.reset();
    expect(() => clash.step(0)).toThrow(InvalidConfig);
    const custom = new RecordEpisodeStatistics(new ScriptEnv([{ terminated: true, reward: 2, info: { episode: 1 } }]), 100, 'stats');
    custom.reset();
    expect((custom.step(0)[4] as { stats: { r: number } }).stats.r).toBe(2);
  });
});
