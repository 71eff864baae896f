import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAlgos, parseBackendList, parseBudget, parseScenarios } from '../../../src/cli/resco/rescoArgs.js';
import { rescoRows } from '../../../src/cli/resco/rescoReport.js';
import { runResco, type Backend } from '../../../src/cli/resco/runResco.js';
import { writeRescoOutputs } from '../../../src/cli/resco/writeResco.js';
import { layCrossAsResco } from '../../envs/traffic/resco/crossAsResco.js';
import { SUMO } from '../../envs/traffic/sumo/sumoHelpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tsgym-resco-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// our own one-signal cross fixture laid out as RESCO's grid4x4 folder (RESCO's files stay out of unit tests)
layCrossAsResco(dir);

describe('tsgym benchmark resco arguments', () => {
  it('reads scenarios, controllers, backends and budgets, and names a bad value', () => {
    expect(parseScenarios('cologne1, grid4x4')).toEqual(['cologne1', 'grid4x4']);
    expect(() => parseScenarios('cologne2')).toThrow(/Invalid --scenarios: Unknown RESCO scenario 'cologne2'/);
    expect(parseAlgos('greedy,idqn')).toEqual(['greedy', 'idqn']);
    expect(() => parseAlgos('greedy,ppo')).toThrow(/Invalid --algos 'greedy,ppo': unknown 'ppo'/);
    expect(parseBackendList('sumo,tsgym,sumo')).toEqual(['sumo', 'tsgym']);
    expect(() => parseBackendList('cityflow')).toThrow(/Invalid --backends 'cityflow'/);
    expect([parseBudget('90'), parseBudget('90s'), parseBudget('5m')]).toEqual([90, 90, 300]);
    expect(() => parseBudget('1h')).toThrow(/Invalid --budget '1h'/);
  });
});

describe('tsgym benchmark resco on a small scenario (one signal, 300 s, one seed)', () => {
  const backends: Backend[] = SUMO ? ['tsgym', 'sumo'] : ['tsgym'];
  const opts = { dir, scenarios: ['grid4x4'] as const, seeds: 1, backends, budgetSeconds: 20, maxEpisodes: 2, seconds: 300 };

  it('evaluates every controller in each backend, trains the learner within its limits, and writes the table', async () => {
    const res = await runResco({ ...opts, algos: ['fixed', 'greedy', 'max-pressure', 'idqn'] });
    const expected = ['fixed', 'greedy', 'max-pressure', 'idqn'].flatMap((a) => backends.map((b) => `${a}/${b}`));
    expect(res.cells.map((c) => `${c.algo}/${c.backend}`)).toEqual(expected);
    for (const c of res.cells) {
      expect(c.seeds).toEqual([1]);
      expect(Number.isFinite(c.mean) && c.mean > 0).toBe(true);
    }
    const [t] = res.training;
    // 300 s at 10 s decisions: 30 steps per episode, one signal, two episodes at most
    expect(t?.episodes).toBeLessThanOrEqual(2);
    expect(t?.envSteps).toBeLessThanOrEqual(60);
    expect(t?.envSteps).toBeGreaterThan(0);
    const out = join(dir, 'out');
    mkdirSync(out);
    const json = JSON.parse(writeRescoOutputs(out, res, { ...opts, algos: ['fixed', 'greedy', 'max-pressure', 'idqn'] }, 'tsgym benchmark resco')) as {
      rows: { algo: string; published: number | null; target?: { name: string; delay: number } }[];
    };
    // RESCO publishes no Fixed row for grid4x4; Greedy 34.32, Max-pressure 52.55; its best learner IDQN 32.95
    expect(json.rows.map((r) => [r.algo, r.published])).toEqual([['fixed', null], ['greedy', 34.32], ['max-pressure', 52.55], ['idqn', 32.95]]);
    expect(json.rows[3]?.target).toMatchObject({ name: 'IDQN', delay: 32.95 });
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/\| grid4x4 \| 0-300 \| 10 \/ 3 \| greedy \|/);
    expect(existsSync(join(out, 'grid4x4-idqn.svg'))).toBe(true);
  }, 120_000);

  it('trains mplight and phase-dqn within their limits and evaluates them in each backend', async () => {
    const res = await runResco({ ...opts, algos: ['mplight', 'phase-dqn'] });
    expect(res.cells.map((c) => `${c.algo}/${c.backend}`)).toEqual(['mplight', 'phase-dqn'].flatMap((a) => backends.map((b) => `${a}/${b}`)));
    for (const c of res.cells) expect(Number.isFinite(c.mean) && c.mean > 0).toBe(true);
    expect(res.training.map((t) => t.algo)).toEqual(['mplight', 'phase-dqn']);
    // 30 decisions per episode, one signal, two episodes at most
    for (const t of res.training) expect(t.envSteps > 0 && t.envSteps <= 60 && t.episodes <= 2).toBe(true);
    const rows = rescoRows(res);
    // RESCO's MPLight on grid4x4: 46.91; phase-dqn has no published row; both are compared with RESCO's best learner
    expect(rows.map((r) => [r.algo, r.published, r.target?.name])).toEqual([['mplight', 46.91, 'IDQN'], ['phase-dqn', null, 'IDQN']]);
  }, 120_000);

  it('gives the same delays for the same seeds (tsgym backend)', async () => {
    const a = await runResco({ ...opts, backends: ['tsgym'], algos: ['greedy'] });
    const b = await runResco({ ...opts, backends: ['tsgym'], algos: ['greedy'] });
    expect(b.cells[0]?.delays).toEqual(a.cells[0]?.delays);
  });
});
