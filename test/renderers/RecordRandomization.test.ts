import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { BUILTIN_SCENARIOS } from '../../envs/factory/scenarios.js';
import { makePolicy } from '../../src/policy/policyRegistry.js';
import { DomainRandomization } from '../../src/wrappers/DomainRandomization.js';
import { make } from '../../src/registry/registry.js';
import { readRecording } from '../../renderers/io/readRecording.js';
import { RecordEpisode } from '../../renderers/RecordEpisode.js';

describe('recordings of randomized episodes', () => {
  it('carry the drawn scenario parameters, inside their declared range', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-rand-'));
    const path = join(dir, 'ep.json');
    const base = { config: { ...BUILTIN_SCENARIOS.serial5, horizon: 600 } };
    const rand = new DomainRandomization(
      { params: { sawA: { dist: 'uniform', low: 35, high: 45, path: 'config.stages.0.processing.A.mode' } } },
      { factory: (kw) => make('FactoryLine-v0', kw), kwargs: base },
    );
    const env = new RecordEpisode(rand, { path, policy: 'fifo' });
    const policy = makePolicy('fifo', 'FactoryLine-v0', rand.env);
    let [obs, info] = env.reset({ seed: 4 });
    const drawn = (info.randomization as { sawA: number }).sawA;
    for (;;) {
      const r = env.step(policy.act(obs, info));
      obs = r[0];
      info = r[4];
      if (r[2] || r[3]) break;
    }
    const rec = await readRecording(path);
    expect(rec.randomization).toEqual({ sawA: drawn });
    expect(drawn).toBeGreaterThanOrEqual(35);
    expect(drawn).toBeLessThanOrEqual(45);
  });
});
