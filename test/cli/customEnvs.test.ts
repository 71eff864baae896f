import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../examples/inventoryEnv.js';
import { makeVec } from '../../src/vector/makeVec.js';
import { spec } from '../../src/registry/registry.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { CLI, tsgym } from '../helpers/runCli.js';

const EXAMPLE = join(import.meta.dirname, '../../dist/examples/inventoryEnv.js');
const run = promisify(execFile);

/** P(D = k) for D ~ Poisson(lam). */
function poissonPmf(lam: number, k: number): number {
  let p = Math.exp(-lam);
  for (let i = 1; i <= k; i++) p *= lam / i;
  return p;
}

/**
 * Expected 50-day return of base-stock level S from an empty shelf (defaults: demand 4, price 5, unit cost 2,
 * holding 0.5, lost sale 1): every day the stock is brought back to S, so day 1 orders S and each later day
 * orders what was sold the day before; sales are min(S, D).
 */
function baseStockReturn(S: number, days = 50, lam = 4): number {
  let sold = 0;
  let left = 0;
  for (let k = 0; k < 200; k++) {
    const p = poissonPmf(lam, k);
    sold += p * Math.min(S, k);
    left += p * Math.max(0, S - k);
  }
  const lost = lam - sold;
  return days * (5 * sold - 0.5 * left - 1 * lost) - 2 * (S + (days - 1) * sold);
}

let project: string;

beforeAll(() => {
  ensureBuilt();
  // a user's project with the env installed as a package that re-exports the compiled example
  project = mkdtempSync(join(tmpdir(), 'tsgym-custom-env-'));
  const pkg = join(project, 'node_modules', 'my-inventory');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'my-inventory', type: 'module', exports: './index.js' }));
  writeFileSync(join(pkg, 'index.js'), `export * from '${pathToFileURL(EXAMPLE).href}';\n`);
}, 300_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('third-party envs (a module outside envs/)', { timeout: 180_000 }, () => {
  it('--import FILE registers the env, and worker threads load it through its registered module', async () => {
    const r = await tsgym('eval', '--import', EXAMPLE, '--env', 'Inventory-v0', '--policy', 'base-stock', '--episodes', '120', '--workers', '2', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { env: string; meanReturn: number; stdReturn: number; episodes: number };
    expect(out.env).toBe('Inventory-v0');
    // the analytic mean of the base-stock rule, within 4 standard errors
    expect(Math.abs(out.meanReturn - baseStockReturn(7))).toBeLessThan((4 * out.stdReturn) / Math.sqrt(out.episodes));
  });

  it('--env PACKAGE:Env-vN imports the package, found from the working directory (the Gymnasium module:Env form)', async () => {
    const r = await run('node', [CLI, 'eval', '--env', 'my-inventory:Inventory-v0', '--policy', 'random', '--episodes', '4', '--workers', '2', '--json'], {
      cwd: project,
    });
    const out = JSON.parse(r.stdout) as { env: string; perEpisode: { length: number }[] };
    expect(out.env).toBe('Inventory-v0');
    expect(out.perEpisode.map((e) => e.length)).toEqual([50, 50, 50, 50]);
  });

  it('a package that is not installed is one clear error naming it', async () => {
    const r = await tsgym('eval', '--env', 'no-such-pkg:Inventory-v0', '--policy', 'random');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Cannot import env module 'no-such-pkg'/);
  });

  it('an async vector env of the custom id steps as the sync one (the worker imports spec.module, compiled)', async () => {
    expect(spec('Inventory-v0').module).toMatch(/examples\/inventoryEnv\.ts$/);
    const sync = makeVec('Inventory-v0', 4, { mode: 'sync' });
    const async = makeVec('Inventory-v0', 4, { mode: 'async', workers: 2 });
    try {
      expect(Array.from(async.reset({ seed: 5 })[0])).toEqual(Array.from(sync.reset({ seed: 5 })[0]));
      for (let t = 0; t < 60; t++) {
        const a = Int32Array.from({ length: 4 }, (_, i) => (t + i) % 11);
        const [so, sr] = sync.step(a);
        const [ao, ar] = async.step(a);
        expect(Array.from(ao)).toEqual(Array.from(so));
        expect(Array.from(ar)).toEqual(Array.from(sr));
      }
    } finally {
      await sync.close();
      await async.close();
    }
  });
});
