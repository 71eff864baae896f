import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../../envs/index.js';
import { RolloutPool } from '../../../../src/rollout/RolloutPool.js';
import { makeVec } from '../../../../src/vector/makeVec.js';
import { CROSS, SUMO, sumoChildren, sumoChildrenAfter } from './sumoHelpers.js';

// RolloutPool and AsyncVectorEnv workers load the compiled dist/ (npm test builds it first).
const kwargs = { network: CROSS, backend: 'sumo', numSeconds: 600 };

describe.skipIf(!SUMO)("backend 'sumo' in worker threads", () => {
  afterEach(async () => {
    expect(await sumoChildrenAfter()).toEqual([]);
  });

  it('the rollout pool runs one SUMO per worker, plays an episode again when its SUMO is killed, and gets the same results', async () => {
    const reference = new RolloutPool({ workers: 2 });
    const clean = await reference.evaluate({ envId: 'TrafficNetwork-v0', kwargs, policy: 'max-pressure', episodes: 4, seed: 10, chunkSize: 1 });
    await reference.close();
    const pool = new RolloutPool({ workers: 2 });
    const running = pool.evaluate({ envId: 'TrafficNetwork-v0', kwargs, policy: 'max-pressure', episodes: 4, seed: 10, chunkSize: 1 });
    // kill a SUMO of a worker as soon as one runs
    let killed = 0;
    for (let k = 0; k < 400 && killed === 0; k++) {
      await new Promise((r) => setTimeout(r, 10));
      for (const pid of sumoChildren()) {
        try {
          process.kill(pid, 'SIGKILL');
          killed++;
          break;
        } catch {
          // already gone
        }
      }
    }
    const results = await running;
    await pool.close();
    expect(killed).toBe(1);
    expect(pool.retries).toBeGreaterThanOrEqual(1);
    expect(results.map((r) => [r.seed, r.return, r.metrics.arrived])).toEqual(clean.map((r) => [r.seed, r.return, r.metrics.arrived]));
  });

  it('an async vector env runs one SUMO per env on its own port, as the sync one does', async () => {
    const sync = makeVec('TrafficNetwork-v0', 2, { kwargs });
    const vec = makeVec('TrafficNetwork-v0', 2, { mode: 'async', workers: 2, kwargs });
    try {
      const [o1] = sync.reset({ seed: 3 });
      const [o2] = vec.reset({ seed: 3 });
      expect(Array.from(o2 as Float32Array)).toEqual(Array.from(o1 as Float32Array));
      for (let k = 0; k < 5; k++) {
        const a = sync.step(Int32Array.from([k % 2, 1]));
        const b = vec.step(Int32Array.from([k % 2, 1]));
        expect(Array.from(b[0] as Float32Array)).toEqual(Array.from(a[0] as Float32Array));
        expect(Array.from(b[1])).toEqual(Array.from(a[1]));
      }
    } finally {
      await sync.close();
      await vec.close();
    }
  });
});

describe.skipIf(!SUMO)('SUMO when its owner process ends', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
    it(`is gone after the owner gets ${signal}`, async () => {
      const { spawn } = await import('node:child_process');
      const { fileURLToPath } = await import('node:url');
      const client = fileURLToPath(new URL('../../../../dist/envs/traffic/sumo/TraciClient.js', import.meta.url));
      const script =
        `import(${JSON.stringify(client)}).then((m) => { const c = m.TraciClient.start({ args: ['-c', ${JSON.stringify(CROSS)}], scenario: 'cross' }); ` +
        'c.step(5); console.log(c.process.pid); setInterval(() => {}, 1000); });';
      const owner = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const pid = await new Promise<number>((resolve) => owner.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
      expect(pid).toBeGreaterThan(0);
      owner.kill(signal);
      await new Promise((r) => owner.once('exit', r));
      const alive = (): boolean => {
        try {
          return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
          return false;
        }
      };
      for (let k = 0; k < 100 && alive(); k++) await new Promise((r) => setTimeout(r, 20));
      expect(alive()).toBe(false);
    });
  }
});
