import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { episodeSeed, make, RolloutPool, SegmentCollector, type CollectedSegment } from '../../src/index.js';
import { cartpoleNetwork } from '../helpers/cartpoleNetwork.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';

let pool: RolloutPool;

beforeAll(() => {
  ensureBuilt();
  pool = new RolloutPool({ workers: 2 });
}, 300_000);

afterAll(async () => {
  await pool.close();
}, 60_000);

const N = 3;
const T = 40;
const SEED = 7;

async function twoUpdates(instancesPerJob: number): Promise<CollectedSegment[]> {
  const col = new SegmentCollector(pool, { envId: 'CartPole-v1', seed: SEED, instances: N, instancesPerJob });
  return [await col.collect(cartpoleNetwork(), T), await col.collect(cartpoleNetwork(), T)];
}

/** Column `e`'s observation at row `t`. */
const obsAt = (s: CollectedSegment, t: number, e: number): number[] => Array.from(s.obs.subarray((t * N + e) * 4, (t * N + e + 1) * 4));

describe('SegmentCollector (training experience on rollout workers)', { timeout: 120_000 }, () => {
  it('continues every episode across updates: the rows are those of each env played straight through from its seeded resets', async () => {
    const segs = await twoUpdates(1);
    let episodesEnded = 0;
    for (let e = 0; e < N; e++) {
      // the reference: instance e played here, in one go, with the actions the workers chose
      const env = make('CartPole-v1');
      let episode = 0;
      let [obs] = env.reset({ seed: episodeSeed(SEED, e, episode) });
      let ended = false;
      for (const s of segs) {
        for (let t = 0; t < T; t++) {
          const i = t * N + e;
          if (ended) {
            // the reset row of next-step autoreset: no transition, the final observation
            expect(s.valid[i]).toBe(0);
            expect(obsAt(s, t, e)).toEqual(Array.from(obs as Float32Array));
            [obs] = env.reset({ seed: episodeSeed(SEED, e, ++episode) });
            ended = false;
            continue;
          }
          expect(s.valid[i]).toBe(1);
          expect(obsAt(s, t, e)).toEqual(Array.from(obs as Float32Array));
          const [next, r, term, trunc] = env.step(s.actions[i]);
          expect(s.rewards[i]).toBe(r);
          expect([s.terms[i], s.truncs[i]]).toEqual([term ? 1 : 0, trunc ? 1 : 0]);
          obs = next;
          ended = term || trunc;
          if (ended) episodesEnded++;
        }
        expect(Array.from(s.lastObs.subarray(e * 4, e * 4 + 4))).toEqual(Array.from(obs as Float32Array));
      }
    }
    // the hand-written network balances badly: several episodes end (and restart) inside the 80 steps
    expect(episodesEnded).toBeGreaterThan(N);
  });

  it('gives the same rows however the instances are grouped into jobs', async () => {
    const [a, b] = [await twoUpdates(1), await twoUpdates(3)];
    for (let u = 0; u < 2; u++) {
      expect(b[u].obs).toEqual(a[u].obs);
      expect(b[u].actions).toEqual(a[u].actions);
      expect(b[u].rewards).toEqual(a[u].rewards);
      expect(b[u].valid).toEqual(a[u].valid);
    }
    // three instances seeded apart: their first observations differ
    expect(obsAt(a[0], 0, 0)).not.toEqual(obsAt(a[0], 0, 1));
  });

  it('fails a segment of an env that does not exist with UnknownEnv, naming it', async () => {
    const col = new SegmentCollector(pool, { envId: 'NoSuchEnv-v9', seed: 1, instances: 1 });
    await expect(col.collect(cartpoleNetwork(), 4)).rejects.toThrow(/NoSuchEnv-v9/);
  });
});
