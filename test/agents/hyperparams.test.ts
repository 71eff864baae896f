import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { A2cConfigSchema, DqnConfigSchema, loadHyperparams, PpoConfigSchema, ReinforceConfigSchema } from '../../agents/index.js';
import { SacConfigSchema, Td3ConfigSchema } from '../../agents/index.js';
import { loadConfigFile } from '../../src/cli/parseArgs.js';
import { deepMerge, parseTrainConfig } from '../../src/cli/train/trainConfig.js';
import { make, makeParallel } from '../../src/index.js';

const SCHEMAS = {
  dqn: DqnConfigSchema, ppo: PpoConfigSchema, a2c: A2cConfigSchema, reinforce: ReinforceConfigSchema, sac: SacConfigSchema, td3: Td3ConfigSchema,
} as const;
const ALGOS = Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[];

describe('per-env hyperparameter files and the benchmark training configs', () => {
  it('every agents/hyperparams/*.json entry is a valid config of its algorithm', () => {
    const files = readdirSync(join(import.meta.dirname, '../../agents/hyperparams')).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(expect.arrayContaining(['CartPole-v1.json', 'FactoryLine-v0.json', 'Pendulum-v1.json', 'TrafficGrid-v0.json']));
    for (const f of files) {
      const envId = f.replace(/\.json$/, '');
      const found = ALGOS.filter((a) => loadHyperparams(envId, a) !== undefined);
      expect(found.length, f).toBeGreaterThan(0);
      for (const a of found) {
        const hp = loadHyperparams(envId, a);
        expect(() => parseTrainConfig({ ...hp }, a, SCHEMAS[a]), `${f} ${a}`).not.toThrow();
      }
    }
  });

  it('the TrafficGrid-v0 and FactoryLine-v0 benchmark configs resolve as tsgym train resolves them, and their env kwargs build the envs', () => {
    const examples = join(import.meta.dirname, '../../examples/configs');
    const grid = loadConfigFile(join(examples, 'trafficGrid.train.yaml'));
    const gridHp = loadHyperparams('TrafficGrid-v0', 'ppo');
    const gridCfg = parseTrainConfig(deepMerge({ ...gridHp }, grid), 'ppo', PpoConfigSchema);
    const g = makeParallel('TrafficGrid-v0', gridCfg.envKwargs);
    // 4 x 4 grid: 16 agents; per agent 2 phases + min-green flag + density and queue of 4 one-lane approaches
    expect(g.possibleAgents.length).toBe(16);
    expect(g.observationSpace(g.possibleAgents[0] ?? '').shape).toEqual([11]);
    g.close();
    const line = loadConfigFile(join(examples, 'factoryLine.train.yaml'));
    const lineCfg = parseTrainConfig(deepMerge({ ...loadHyperparams('FactoryLine-v0', 'ppo') }, line), 'ppo', PpoConfigSchema);
    const f = make('FactoryLine-v0', lineCfg.envKwargs);
    // two-product: 3 stages, 3 machines, k = 4: 4 + (3 + 1) + 6 x 3 + 3 + 5 x 4 = 49; rule mode: 7 rules
    expect(f.observationSpace.shape).toEqual([49]);
    expect(f.actionSpace.toString()).toMatch(/7/);
    f.close();
  });
});
