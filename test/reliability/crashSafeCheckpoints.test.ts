// Issue 18, items 1, 8 and 10 (--resume --json seed): a run killed with SIGKILL after periodic
// checkpoints resumes from the newest one and ends bit-identical to an uninterrupted run; any step-N of
// a run can be resumed; a run directory is locked against a second writer (named by its pid), and a
// lock left by a dead process is taken over.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { exited, outcome, resumeArgs, run, start, trainArgs, waitFor } from './trainRuns.js';

const STEPS = 800;
let dir: string;
let reference: ReturnType<typeof outcome>;
let finished: string;
let stopped: string;

/** A fresh copy of the run stopped at step 300 (Ctrl-C, exit 130), for a test to damage or resume. */
function stoppedCopy(name: string): string {
  const out = join(dir, name);
  cpSync(stopped, out, { recursive: true, verbatimSymlinks: true }); // checkpoints/last stays a link inside the copy
  return out;
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-crashsafe-'));
  finished = join(dir, 'reference');
  stopped = join(dir, 'stopped');
  // the uninterrupted run and one stopped at step 300 (shared by the tests below, each on its own copy)
  const [r, s] = await Promise.all([run(trainArgs(finished, STEPS)), run([...trainArgs(stopped, STEPS), '--stop-at', '300'])]);
  expect(r.code, r.stderr).toBe(0);
  expect(s.code, s.stderr).toBe(130);
  reference = outcome(finished);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crash-safe training runs', () => {
  it('a run killed with SIGKILL after periodic checkpoints resumes from the newest and ends bit-identical', async () => {
    const out = join(dir, 'killed');
    const child = start(trainArgs(out, STEPS));
    expect(await waitFor(join(out, 'checkpoints', 'step-200'), child), 'the run reached step 200').toBe(true);
    child.kill('SIGKILL');
    await exited(child);
    const r = await run(resumeArgs(out));
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { numTimesteps: number; seed: number; interrupted: boolean };
    expect(summary).toMatchObject({ numTimesteps: STEPS, interrupted: false });
    expect(summary.seed, '--resume --json reports the run seed').toBe(3);
    expect(outcome(out)).toEqual(reference);
  }, 180_000);

  it('--resume RUN/checkpoints/step-N continues from that checkpoint and ends bit-identical', async () => {
    const out = join(dir, 'from-step');
    cpSync(finished, out, { recursive: true });
    const r = await run(resumeArgs(join(out, 'checkpoints', 'step-400')));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ numTimesteps: STEPS, seed: 3, runDir: out });
    expect(outcome(out)).toEqual(reference);
    // the checkpoints of the abandoned continuation are kept aside, not deleted
    const aside = readdirSync(join(out, 'checkpoints')).filter((n) => n.startsWith('superseded-'));
    expect(aside).toHaveLength(1);
    expect(readdirSync(join(out, 'checkpoints', aside[0] ?? ''))).toContain('step-700');
  }, 180_000);

  it('a half-written last log line (killed mid-write) is dropped on resume; a damaged line inside a log is refused naming file and line', async () => {
    const out = stoppedCopy('half-line');
    appendFileSync(join(out, 'metrics.jsonl'), '{"type":"episode","step":50');
    appendFileSync(join(out, 'episodes.csv'), '50');
    const r = await run(resumeArgs(out));
    expect(r.code, r.stderr).toBe(0);
    expect(outcome(out)).toEqual(reference);
    const bad = stoppedCopy('bad-line');
    const lines = readFileSync(join(bad, 'metrics.jsonl'), 'utf8').split('\n');
    lines[3] = '{"type": garbage';
    writeFileSync(join(bad, 'metrics.jsonl'), lines.join('\n'));
    const refused = await run(resumeArgs(bad));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`InvalidFile: ${join(bad, 'metrics.jsonl')} line 4 is not valid JSON`);
  }, 180_000);

  it('a second writer is refused naming the holder pid; a lock of a dead process is taken over', async () => {
    const out = stoppedCopy('locked');
    const holder = spawn('sleep', ['60']);
    try {
      writeFileSync(join(out, '.lock'), JSON.stringify({ pid: holder.pid, host: hostname(), since: new Date().toISOString(), command: 'tsgym train' }));
      const refused = await run(resumeArgs(out));
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(new RegExp(`InvalidConfig: '${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is in use by process ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
      await exited(holder);
    }
    // the holder is dead now: its lock is stale and taken over
    const r = await run(resumeArgs(out));
    expect(r.code, r.stderr).toBe(0);
    expect(outcome(out)).toEqual(reference);
    expect(readdirSync(out)).not.toContain('.lock');
  }, 180_000);

  it('two simultaneous --resume of one run: exactly one runs, the other is refused with its pid', async () => {
    const out = stoppedCopy('twice');
    const a = start(resumeArgs(out));
    const b = start(resumeArgs(out));
    let errA = '';
    let errB = '';
    a.stderr?.on('data', (d: Buffer) => (errA += d.toString()));
    b.stderr?.on('data', (d: Buffer) => (errB += d.toString()));
    const codes = await Promise.all([exited(a), exited(b)]);
    expect([...codes].sort()).toEqual([0, 2]);
    const [loser, winner] = codes[0] === 2 ? [errA, b.pid] : [errB, a.pid];
    expect(loser).toContain(`is in use by process ${winner}`);
    expect(outcome(out)).toEqual(reference);
  }, 180_000);
});
