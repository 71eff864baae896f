import { afterAll } from 'vitest';
import { Rng, type VectorEnv } from '../../src/index.js';

/**
 * Steps `v` for `steps` steps with actions drawn from a seeded rng (`actionSeed`) after `reset({ seed })`,
 * and records copies of everything returned, so two vector envs can be compared with `toEqual`.
 *
 * @example
 * ```ts
 * expect(trajectory(asyncEnv, 5, 250)).toEqual(trajectory(syncEnv, 5, 250));
 * ```
 */
export function trajectory(v: VectorEnv, seed: number, steps: number, nActions = 2, actionSeed = 99): unknown[] {
  const rng = new Rng(actionSeed);
  const out: unknown[] = [];
  const [obs0, infos0] = v.reset({ seed });
  out.push([Array.from(obs0), structuredClone(infos0)]);
  for (let t = 0; t < steps; t++) {
    const acts = Array.from({ length: v.numEnvs }, () => rng.integers(0, nActions));
    const [obs, rew, term, trunc, infos] = v.step(acts);
    out.push([Array.from(obs), Array.from(rew), Array.from(term), Array.from(trunc), structuredClone(infos)]);
  }
  return out;
}

/**
 * A `track(v)` that registers vector envs to close after the test file (call at module level).
 *
 * @example
 * ```ts
 * const track = closeAfterAll();
 * const v = track(makeVec('CartPole-v1', 4, { mode: 'async' }));
 * ```
 */
export function closeAfterAll(): <T extends VectorEnv>(v: T) => T {
  const open: VectorEnv[] = [];
  afterAll(async () => {
    for (const v of open) await v.close();
  }, 120_000);
  return (v) => {
    open.push(v);
    return v;
  };
}
