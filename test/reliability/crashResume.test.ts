// Issue 18, crash injection: `tsgym train` is killed with SIGKILL at random instants (startup, training,
// checkpoint writes, the final writes) and resumed each time, until it finishes; the finished run must be
// bit-identical to an uninterrupted one. TSGYM_CRASH_KILLS sets the number of kills (default 3 here;
// docs/RELIABILITY.md reports a run of 50), TSGYM_CRASH_SEED the seed of the kill instants.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { exited, outcome, resumeArgs, run, start, SMALL_DQN } from './trainRuns.js';

const KILLS = Number(process.env.TSGYM_CRASH_KILLS ?? 3);
const SEED = Number(process.env.TSGYM_CRASH_SEED ?? 18);
const STEPS = 600;
const args = (out: string): string[] => [
  'train', '--env', 'CartPole-v1', '--algo', 'dqn', '--steps', String(STEPS), '--seed', '7', '--out', out,
  ...SMALL_DQN, '--set', 'checkpointEvery=50', '--set', 'config.bufferSize=20000',
];

/** mulberry32: the kill instants are reproducible from TSGYM_CRASH_SEED. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let dir: string;
let reference: ReturnType<typeof outcome>;
let wallMs = 0;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-crashresume-'));
  const t0 = Date.now();
  const r = await run(args(join(dir, 'reference')));
  wallMs = Date.now() - t0;
  expect(r.code, r.stderr).toBe(0);
  reference = outcome(join(dir, 'reference'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`SIGKILL at ${KILLS} random instants, resumed each time`, () => {
  it('every run ends bit-identical to the uninterrupted one', async () => {
    const random = rng(SEED);
    let kills = 0;
    let duringCheckpoint = 0;
    let trial = 0;
    const log: string[] = [];
    while (kills < KILLS) {
      const out = join(dir, `trial-${trial++}`);
      for (;;) {
        // a run killed before it wrote its config.json has not started: the command is run again
        const child = start(existsSync(join(out, 'config.json')) ? resumeArgs(out) : args(out));
        let stderr = '';
        child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
        // once the kills are done, the run is left to finish
        const delay = kills < KILLS ? Math.floor(random() * wallMs * 1.1) : Infinity;
        const timer = delay === Infinity ? undefined : setTimeout(() => child.kill('SIGKILL'), delay);
        const code = await exited(child);
        clearTimeout(timer);
        if (code === 0) break;
        expect(code, `trial ${trial - 1}: exit ${code} without a kill: ${stderr}`).toBeNull();
        kills++;
        const ck = join(out, 'checkpoints');
        if (existsSync(ck) && readdirSync(ck).some((n) => n.includes('.tmp-'))) duringCheckpoint++;
        log.push(`${delay}ms`);
      }
      expect(outcome(out), `trial ${trial - 1} (kills at ${log.join(', ')})`).toEqual(reference);
    }
    console.log(`crashResume: ${kills} kills over ${trial} runs, ${duringCheckpoint} during a checkpoint write (kill seed ${SEED}, run ${wallMs} ms)`);
  }, 1_800_000);
});
