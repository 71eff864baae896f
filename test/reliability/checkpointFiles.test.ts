// Issue 18, item 4: every file of a checkpoint carries its length and SHA-256 (manifest.json), so a
// truncated, emptied or corrupted file is refused naming it, instead of resuming a different run; the
// arrays of state.bin are checked against checkpoint.json also in folders written before manifests.
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.TSGYM_TF_BACKEND = 'cpu';
await import('../../envs/index.js');
const { makeVec, InvalidFile } = await import('../../src/index.js');
const { DQN } = await import('../../agents/dqn.js');
const { CheckpointCallback, restoreEnvState } = await import('../../agents/common/CheckpointCallback.js');
const { expectTypedAsync, expectTyped } = await import('./expectTyped.js');

let dir: string;
let ckpt: string;
const vec = makeVec('CartPole-v1', 1, { mode: 'sync' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-ckfiles-'));
  const agent = await DQN.create(vec, { seed: 1, learningStarts: 50, bufferSize: 300, batchSize: 8, trainFreq: 5, netArch: [8] });
  await agent.learn({ totalTimesteps: 120, callbacks: [new CheckpointCallback(join(dir, 'checkpoints'), 100, vec)] });
  ckpt = join(dir, 'checkpoints', 'last');
  agent.dispose();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function copy(name: string, legacy = false): string {
  const d = join(dir, name);
  cpSync(ckpt, d, { recursive: true, dereference: true });
  if (legacy) rmSync(join(d, 'manifest.json'));
  return d;
}

function flipByte(file: string, at: number): void {
  const b = readFileSync(file);
  b[at] = (b[at] ?? 0) ^ 0xff;
  writeFileSync(file, b);
}

describe('damaged checkpoint files are refused naming the file', () => {
  it('the intact checkpoint loads (the rows below fail for their damage only)', async () => {
    const agent = await DQN.loadCheckpoint(copy('intact'), vec);
    expect(agent.numTimesteps).toBe(120);
    expect(restoreEnvState(join(dir, 'intact'), vec)).toBe(120);
  });

  it.each([
    ['state.bin truncated', (d: string) => truncateSync(join(d, 'state.bin'), 1000), ['state.bin is truncated: 1000 bytes']],
    ['state.bin empty', (d: string) => truncateSync(join(d, 'state.bin'), 0), ['state.bin is truncated: 0 bytes']],
    ['state.bin with one byte changed', (d: string) => flipByte(join(d, 'state.bin'), 4321), ['state.bin is corrupt', 'SHA-256']],
    ['weights.bin with one byte changed', (d: string) => flipByte(join(d, 'weights.bin'), 17), ['weights.bin is corrupt']],
    ['checkpoint.json emptied', (d: string) => writeFileSync(join(d, 'checkpoint.json'), ''), ['checkpoint.json is truncated: 0 bytes']],
    ['env-state.json missing', (d: string) => rmSync(join(d, 'env-state.json')), ['env-state.json is missing']],
    ['manifest.json garbage', (d: string) => writeFileSync(join(d, 'manifest.json'), '{"files": '), ['manifest.json is not valid JSON']],
  ])('%s', async (label, damage, patterns) => {
    const d = copy(label.replace(/\W+/g, '_'));
    damage(d);
    await expectTypedAsync(() => DQN.loadCheckpoint(d, vec), InvalidFile, [d, ...patterns]);
  });

  it('a checkpoint written before manifests: a short state.bin is still refused (arrays checked against checkpoint.json)', async () => {
    for (const bytes of [0, 1000]) {
      const d = copy(`legacy-${bytes}`, true);
      truncateSync(join(d, 'state.bin'), bytes);
      await expectTypedAsync(() => DQN.loadCheckpoint(d, vec), InvalidFile, [join(d, 'state.bin'), `is truncated: ${bytes} bytes`, 'checkpoint.json']);
    }
  });

  it('a damaged env-state.json is refused naming it (with and without a manifest)', () => {
    const a = copy('env-garbage', true);
    writeFileSync(join(a, 'env-state.json'), '{"numTimesteps": 120, "env": {"a');
    expectTyped(() => restoreEnvState(a, vec), InvalidFile, [join(a, 'env-state.json'), 'not valid JSON']);
    const b = copy('env-flipped');
    flipByte(join(b, 'env-state.json'), 5);
    expectTyped(() => restoreEnvState(b, vec), InvalidFile, [join(b, 'env-state.json'), 'is corrupt']);
  });
});
