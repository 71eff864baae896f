import { describe, expect, it } from 'vitest';
import { WalkEnv } from './toyEnvs.js';
import { Wrapper } from '../../src/wrappers/Wrapper.js';
import { Rng } from '../../src/rng/Rng.js';

describe('Env seeding (Gymnasium semantics)', () => {
  it('reset({ seed }) reseeds: the same seed gives the same trajectory, another seed another one', () => {
    const run = (seed: number) => {
      const env = new WalkEnv(5);
      const out = [Array.from(env.reset({ seed })[0])];
      for (let i = 0; i < 5; i++) out.push(Array.from(env.step(i % 3)[0]));
      return out;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('reset() without a seed continues the stream instead of restarting it', () => {
    const env = new WalkEnv();
    const a = Array.from(env.reset({ seed: 9 })[0]);
    const b = Array.from(env.reset()[0]);
    expect(b).not.toEqual(a);
    // the continuation equals drawing the next numbers of Rng(9)
    const r = new Rng(9);
    r.uniform(-1, 1);
    r.uniform(-1, 1);
    expect(b).toEqual([Math.fround(r.uniform(-1, 1)), Math.fround(r.uniform(-1, 1))]);
  });

  it('wrappers share the inner rng, unwrapped and spaces', () => {
    const inner = new WalkEnv();
    const w = new Wrapper(new Wrapper(inner));
    w.reset({ seed: 1 });
    expect(w.rng).toBe(inner.rng);
    expect(w.unwrapped).toBe(inner);
    expect(w.observationSpace).toBe(inner.observationSpace);
    expect(w.toString()).toBe('<Wrapper<Wrapper<WalkEnv>>>');
  });
});
