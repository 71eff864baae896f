import { describe, expect, it } from 'vitest';
import { BusyStepEnv } from '../../src/index.js';

function trajectory(env: BusyStepEnv, seed: number): number[] {
  const out: number[] = [];
  let [obs] = env.reset({ seed });
  for (let done = false; !done; ) {
    const r = env.step(obs[0] > 0 ? 1 : 0);
    obs = r[0];
    out.push(r[1], ...obs);
    done = r[2];
  }
  return out;
}

describe('BusyStep-v0 wait: sleep', () => {
  it('plays the same episodes as the busy mode, each step taking at least stepUs of wall time with the core left free', () => {
    const sleeper = new BusyStepEnv({ stepUs: 3000, episodeLength: 10, wait: 'sleep' });
    const busy = new BusyStepEnv({ stepUs: 0, episodeLength: 10 });
    expect(trajectory(sleeper, 4)).toEqual(trajectory(busy, 4));
    sleeper.reset({ seed: 1 });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < 5; i++) sleeper.step(1);
    const used = process.cpuUsage(c0);
    const cpuMs = (used.user + used.system) / 1000;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
    // a busy wait would use about 15 ms of CPU; a sleep uses almost none
    expect(cpuMs).toBeLessThan(7);
    expect(() => new BusyStepEnv({ wait: 'nap' as 'sleep' })).toThrow(/wait/);
  });
});
