// Ctrl-C during training: `tsgym train` (compiled binary) gets SIGINT mid-run; it must stop with a
// message saying so, exit 130, and leave a loadable checkpoint and model in the run directory.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/ensureBuilt.js';

process.env.TSGYM_TF_BACKEND = 'cpu';
let dir: string;

/** The newest checkpoint folder (one holding checkpoint.json) under `run/checkpoints`, or null. */
function newestCheckpoint(run: string): string | null {
  const root = join(run, 'checkpoints');
  if (!existsSync(root)) return null;
  const dirs = readdirSync(root)
    .map((n) => join(root, n))
    .filter((d) => existsSync(join(d, 'checkpoint.json')))
    .sort((a, b) => statSync(join(a, 'checkpoint.json')).mtimeMs - statSync(join(b, 'checkpoint.json')).mtimeMs);
  return dirs[dirs.length - 1] ?? null;
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-sigint-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Ctrl-C during tsgym train', () => {
  it('stops, says so, exits 130 and leaves a loadable checkpoint and model', async () => {
    const run = join(dir, 'run');
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'dist/src/cli/main.js'),
        'train',
        '--env',
        'CartPole-v1',
        '--algo',
        'dqn',
        '--steps',
        '5000000',
        '--out',
        run,
        '--set',
        'checkpointEvery=500',
        '--set',
        'evalEvery=0',
      ],
      {
        env: { ...process.env, TSGYM_TF_BACKEND: 'cpu' },
      },
    );
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // wait until the first checkpoint exists (training is under way), then interrupt
    const t0 = Date.now();
    while (newestCheckpoint(run) === null && Date.now() - t0 < 90_000) await new Promise((r) => setTimeout(r, 200));
    expect(newestCheckpoint(run), stderr).not.toBeNull();
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    const m = /^Interrupted dqn on CartPole-v1: (\d+)\/5000000 steps/m.exec(stdout);
    expect(m, stdout).not.toBeNull();
    expect(stdout).toContain('--resume');
    const { DQN } = await import('../../agents/dqn.js');
    const { make } = await import('../../src/index.js');
    await import('../../envs/index.js');
    // the checkpoint saved on interrupt holds exactly the steps the summary reports
    const ck = await DQN.loadCheckpoint(join(run, 'checkpoints', 'last'), make('CartPole-v1'));
    expect(ck.numTimesteps).toBe(Number(m?.[1]));
    const model = await DQN.load(join(run, 'final'));
    expect([0, 1]).toContain(model.predict(new Float32Array(4)));
    expect(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')).format).toBe('tsgym-run');
  }, 150_000);
});
