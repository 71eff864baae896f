// Bad-input matrix, part 6: saved models and checkpoints (agents/). A damaged or foreign model folder
// gives a typed InvalidFile/InvalidConfig naming the folder or file and what was expected; a failed
// checkpoint write (full disk, simulated by a failing fs seam) leaves the previous checkpoint loadable.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync as realWrite } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const fault = vi.hoisted(() => ({ failAfter: -1 }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  // when failAfter >= 0, that many writes succeed, the next one writes half and throws ENOSPC
  const writeFileSync: typeof fs.writeFileSync = (file, data, options) => {
    if (fault.failAfter === 0) {
      fault.failAfter = -1;
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data as Uint8Array);
      fs.writeFileSync(file, bytes.subarray(0, bytes.length >> 1), options);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    if (fault.failAfter > 0) fault.failAfter--;
    return fs.writeFileSync(file, data, options);
  };
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});

process.env.TSGYM_TF_BACKEND = 'cpu';
await import('../../envs/index.js');
const { make, InvalidConfig, InvalidFile, InvalidSpace } = await import('../../src/index.js');
const { DQN } = await import('../../agents/dqn.js');
const { PPO } = await import('../../agents/ppo.js');
const { expectTypedAsync } = await import('./expectTyped.js');

let dir: string;
let model: string;
let ckpt: string;
let trainEnv: ReturnType<typeof make>;
let trained: InstanceType<typeof DQN>;
/**
 * A copy of the saved model without its manifest.json: these rows check what the reader itself validates
 * (a hand-edited folder, or one written before manifests); with the manifest, any change to a file is
 * refused first as corrupt or truncated (checkpointFiles.test.ts).
 */
const fresh = (name: string): string => {
  const d = join(dir, name);
  cpSync(model, d, { recursive: true });
  rmSync(join(d, 'manifest.json'));
  return d;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-models-'));
  model = join(dir, 'model');
  ckpt = join(dir, 'ckpt');
  trainEnv = make('CartPole-v1');
  trained = await DQN.create(trainEnv, { seed: 1, learningStarts: 50, bufferSize: 200, batchSize: 8, trainFreq: 5, netArch: [8] });
  await trained.learn({ totalTimesteps: 100 });
  await trained.save(model);
  await trained.saveCheckpoint(ckpt);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = [label: string, damage: (d: string) => void, type: typeof InvalidFile | typeof InvalidConfig | typeof InvalidSpace, patterns: (string | RegExp)[]];
const rows: Row[] = [
  ['model.json missing', (d) => rmSync(join(d, 'model.json')), InvalidFile, ['No model.json', 'not a saved tsgym agent']],
  ['model.json not JSON', (d) => realWrite(join(d, 'model.json'), '{"modelTopology": '), InvalidFile, ['model.json', 'not valid JSON']],
  [
    'model.json of another format',
    (d) => realWrite(join(d, 'model.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(d, 'model.json'), 'utf8')), format: 'layers-model' })),
    InvalidFile,
    ["format 'layers-model'", "expected 'tsgym-agent'"],
  ],
  ['model.json without weightsManifest', (d) => realWrite(join(d, 'model.json'), '{"format": "tsgym-agent"}'), InvalidFile, ['weightsManifest']],
  ['weights.bin truncated', (d) => truncateSync(join(d, 'weights.bin'), 10), InvalidFile, ['weights.bin', 'does not match the weightsManifest']],
  ['weights.bin missing', (d) => rmSync(join(d, 'weights.bin')), InvalidFile, ['weights.bin', 'ENOENT']],
  [
    'weights path out of the folder',
    (d) => {
      const j = JSON.parse(readFileSync(join(d, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
      realWrite(join(d, 'model.json'), JSON.stringify({ ...j, weightsManifest: [{ ...j.weightsManifest[0], paths: ['../../etc/passwd'] }] }));
    },
    InvalidFile,
    ["'../../etc/passwd'", 'file name next to model.json'],
  ],
  ['config.json missing', (d) => rmSync(join(d, 'config.json')), InvalidFile, ['config.json']],
  ['config.json garbage', (d) => realWrite(join(d, 'config.json'), '\u0000\u0001'), InvalidFile, ['config.json', 'not valid JSON']],
  [
    'config.json of a newer version',
    (d) => realWrite(join(d, 'config.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(d, 'config.json'), 'utf8')), version: 2 })),
    InvalidFile,
    ['tsgym-agent v1', 'version=2'],
  ],
  [
    'config.json with a bad space',
    (d) =>
      realWrite(
        join(d, 'config.json'),
        JSON.stringify({ ...JSON.parse(readFileSync(join(d, 'config.json'), 'utf8')), actionSpace: { type: 'Discrete', n: -2, start: 0 } }),
      ),
    InvalidSpace,
    ['space JSON', 'n:', '(got -2)'],
  ],
  [
    'config.json with a bad hyperparameter',
    (d) => {
      const c = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8')) as { config: Record<string, unknown> };
      realWrite(join(d, 'config.json'), JSON.stringify({ ...c, config: { ...c.config, gamma: 7 } }));
    },
    InvalidConfig,
    ['DQN config', 'gamma', '(got 7)'],
  ],
];

describe('damaged model folders', () => {
  it('with its manifest, a changed model.json is refused as corrupt naming it', async () => {
    const d = join(dir, 'with-manifest');
    cpSync(model, d, { recursive: true });
    realWrite(join(d, 'config.json'), readFileSync(join(d, 'config.json'), 'utf8').replace('"dqn"', '"ppo"'));
    await expectTypedAsync(() => DQN.load(d), InvalidFile, [join(d, 'config.json'), 'is corrupt', 'SHA-256']);
  });
  it.each(rows)('%s', async (label, damage, type, patterns) => {
    const d = fresh(label.replace(/\W+/g, '_'));
    damage(d);
    await expectTypedAsync(() => DQN.load(d), type, patterns);
  });
  it('the undamaged model loads (the rows fail for their damage only)', async () => {
    const agent = await DQN.load(fresh('intact'));
    expect([0, 1]).toContain(agent.predict(new Float32Array(4)));
  });
  it('a missing folder, a folder of another algorithm and an env with other spaces are refused', async () => {
    await expectTypedAsync(() => DQN.load(join(dir, 'absent')), InvalidFile, ['absent']);
    await expectTypedAsync(() => PPO.load(fresh('as-ppo')), InvalidFile, ["'dqn' agent", "not 'ppo'"]);
    await expectTypedAsync(() => DQN.load(fresh('other-env'), make('Acrobot-v1')), InvalidConfig, ['observation']);
    await expectTypedAsync(() => DQN.loadCheckpoint(fresh('not-ckpt'), make('CartPole-v1')), InvalidConfig, ['saved model, not a checkpoint']);
  });
});

describe('checkpoints survive a failed write', () => {
  it('a full disk during saveCheckpoint leaves the previous checkpoint intact and loadable, and no temp folder', async () => {
    // the agent that wrote the checkpoint trains on (same env object), then fails to save its next one
    const agent = trained;
    const before = Object.fromEntries(readdirSync(ckpt).map((f) => [f, readFileSync(join(ckpt, f))]));
    await agent.learn({ totalTimesteps: 50 });
    for (const after of [0, 1, 2, 3]) {
      fault.failAfter = after; // fail the 1st, 2nd, ... file of the checkpoint
      await expect(agent.saveCheckpoint(ckpt)).rejects.toThrow(/ENOSPC/);
      fault.failAfter = -1;
      for (const [f, bytes] of Object.entries(before)) expect(readFileSync(join(ckpt, f)).equals(bytes), `${f} after failing write #${after + 1}`).toBe(true);
      expect(readdirSync(dir).filter((n) => n.includes('.tmp') || n.includes('.old'))).toEqual([]);
    }
    const back = await DQN.loadCheckpoint(ckpt, trainEnv);
    expect(back.numTimesteps).toBe(100);
    // and a successful save afterwards replaces it whole
    await agent.saveCheckpoint(ckpt);
    expect((await DQN.loadCheckpoint(ckpt, trainEnv)).numTimesteps).toBe(150);
  });
});
