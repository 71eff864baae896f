// Determinism: the same seed gives byte-identical metrics across runs, across 1/2/4 workers and across
// sync/async vector envs (classic and factory envs), and byte-identical recordings. The reference each
// time is a plain serial loop in this thread, so the parallel machinery is checked against the simplest
// possible implementation, not against itself.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { recordRun } from '../../renderers/recordRun.js';
import { make, makePolicy, makeVec, Rng, RolloutPool, runEpisode } from '../../src/index.js';
import type { VectorEnv } from '../../src/index.js';
import { ensureBuilt, ROOT } from '../helpers/ensureBuilt.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-determinism-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: { envId: string; kwargs: Record<string, unknown>; policy: string; episodes: number }[] = [
  { envId: 'CartPole-v1', kwargs: {}, policy: 'random', episodes: 8 },
  { envId: 'Pendulum-v1', kwargs: {}, policy: 'pd', episodes: 4 },
  { envId: 'FactoryLine-v0', kwargs: { scenario: 'parallel-breakdowns', horizon: 3600 }, policy: 'random', episodes: 4 },
  { envId: 'JobShop-v0', kwargs: { instance: 'ft06' }, policy: 'random', episodes: 4 },
];

function serialBytes(c: (typeof cases)[number], seed: number): string {
  const out: unknown[] = [];
  for (let i = 0; i < c.episodes; i++) {
    const env = make(c.envId, c.kwargs);
    const r = runEpisode(env, makePolicy(c.policy, c.envId, env), seed + i);
    out.push({ ...r, episode: i });
    env.close();
  }
  return JSON.stringify(out);
}

describe('RolloutPool: byte-identical metrics across runs and 1/2/4 workers, equal to a serial loop', () => {
  // one pool per worker count, shared by the cases (starting workers is the expensive part)
  const pools = new Map<number, RolloutPool>();
  beforeAll(() => {
    for (const w of [1, 2, 4]) pools.set(w, new RolloutPool({ workers: w }));
  });
  afterAll(async () => {
    for (const p of pools.values()) await p.close();
  });
  it.each(cases)('$envId ($policy)', async (c) => {
    const want = serialBytes(c, 100);
    expect(serialBytes(c, 100)).toBe(want); // across runs in one process
    for (const [workers, pool] of pools) {
      const got = await pool.evaluate({ envId: c.envId, kwargs: c.kwargs, policy: c.policy, episodes: c.episodes, seed: 100, chunkSize: 1 });
      expect(JSON.stringify(got), `${workers} workers`).toBe(want);
    }
  });
});

/** Steps a vector env with actions from a seeded rng; returns every output as JSON text. */
function vecBytes(v: VectorEnv, seed: number, steps: number): string {
  const rng = new Rng(seed + 1);
  const rows: unknown[] = [];
  const [obs0, info0] = v.reset({ seed });
  rows.push([Array.from(obs0 as ArrayLike<number>), info0]);
  for (let t = 0; t < steps; t++) {
    const acts = Array.from({ length: v.numEnvs }, () => v.singleActionSpace.sample(rng));
    const [o, r, te, tr, info] = v.step(acts);
    rows.push([Array.from(o as ArrayLike<number>), Array.from(r), Array.from(te), Array.from(tr), info]);
  }
  return JSON.stringify(rows);
}

describe('vector envs: sync = async with 1/2/4 workers, byte for byte', () => {
  // CartPole with 1/2/4 workers is in test/vector/AsyncVectorEnv.test.ts
  it.each([
    ['Acrobot-v1', {}, 150, [2]],
    ['FactoryLine-v0', { scenario: 'two-product', horizon: 2000 }, 150, [1, 2, 4]],
  ] as const)('%s', async (id, kwargs, steps, workerCounts) => {
    const sync = makeVec(id, 4, { kwargs: { ...kwargs } });
    const want = vecBytes(sync, 7, steps);
    await sync.close();
    // the reference itself is independent of the vector machinery: 4 plain envs stepped in a loop
    const plain = Array.from({ length: 4 }, () => make(id, { ...kwargs }));
    const first = plain.map((e, i) => Array.from(e.reset({ seed: 7 + i })[0] as ArrayLike<number>));
    expect(JSON.parse(want)[0][0]).toEqual(first.flat());
    for (const workers of workerCounts) {
      const v = makeVec(id, 4, { mode: 'async', workers, kwargs: { ...kwargs } });
      try {
        expect(vecBytes(v, 7, steps), `${workers} workers`).toBe(want);
      } finally {
        await v.close();
      }
    }
  });
});

describe('recordings: byte-identical for the same seed', () => {
  it.each([
    ['FactoryLine-v0', { scenario: 'serial5', horizon: 3600 }, 'fifo', 'line.json.gz'],
    ['JobShop-v0', { instance: 'ft06' }, 'spt', 'shop.json'],
  ] as const)('%s (recordRun, twice)', (env, kwargs, policy, name) => {
    const a = join(dir, `a-${name}`);
    const b = join(dir, `b-${name}`);
    recordRun({ env, kwargs: { ...kwargs }, policy, seed: 3, out: a });
    recordRun({ env, kwargs: { ...kwargs }, policy, seed: 3, out: b });
    const ba = readFileSync(a);
    expect(ba.length).toBeGreaterThan(100);
    expect(readFileSync(b).equals(ba)).toBe(true);
    // a different seed gives a different recording (the comparison above is not vacuous)
    const c = join(dir, `c-${name}`);
    recordRun({ env, kwargs: { ...kwargs }, policy: 'random', seed: 4, out: c });
    expect(readFileSync(c).equals(ba)).toBe(false);
  });

  it('tsgym record (compiled CLI) in two processes writes identical bytes', async () => {
    const run = (out: string): Promise<void> =>
      new Promise((resolve, reject) => {
        execFile(
          process.execPath,
          [join(ROOT, 'dist/src/cli/main.js'), 'record', '--env', 'FactoryLine-v0', '--set', 'horizon=1800', '--policy', 'spt', '--seed', '5', '--out', out],
          { timeout: 60_000 },
          (err) => (err ? reject(err) : resolve()),
        );
      });
    const a = join(dir, 'cli-a.json.gz');
    const b = join(dir, 'cli-b.json.gz');
    await Promise.all([run(a), run(b)]);
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
  });
});
