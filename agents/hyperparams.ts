import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InvalidConfig } from '../src/core/errors.js';
import { parseConfig } from '../src/core/parseConfig.js';

/** One algorithm's defaults for one env: vector width, budget and the agent config. */
export interface Hyperparams {
  numEnvs: number;
  totalTimesteps: number;
  config: Record<string, unknown>;
}

const ENTRY = z
  .object({ numEnvs: z.number().int().positive(), totalTimesteps: z.number().int().positive(), config: z.record(z.string(), z.unknown()) })
  .strict();
const FILE = z
  .object({ dqn: ENTRY.optional(), ppo: ENTRY.optional(), a2c: ENTRY.optional(), reinforce: ENTRY.optional(), sac: ENTRY.optional(), td3: ENTRY.optional() })
  .strict();

/** The folder of the per-env JSON files (`agents/hyperparams/`, found from source or from `dist/`). */
function hyperparamsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const d of [join(here, 'hyperparams'), join(here, '..', '..', 'agents', 'hyperparams')]) if (existsSync(d)) return d;
  throw new InvalidConfig(`agents/hyperparams/ not found near ${here}`);
}

/**
 * Per-env defaults like rl-baselines3-zoo's: `agents/hyperparams/<envId>.json` holds, per algorithm,
 * `numEnvs`, `totalTimesteps` and the agent `config`. Undefined when the env has no file or entry.
 *
 * @example
 * ```ts
 * const hp = loadHyperparams('CartPole-v1', 'ppo'); // { numEnvs: 8, totalTimesteps: 150000, config: {...} }
 * ```
 */
export function loadHyperparams(envId: string, algo: 'dqn' | 'ppo' | 'a2c' | 'reinforce' | 'sac' | 'td3'): Hyperparams | undefined {
  const file = join(hyperparamsDir(), `${envId}.json`);
  if (!existsSync(file)) return undefined;
  const parsed = parseConfig(FILE, JSON.parse(readFileSync(file, 'utf8')), file);
  return parsed[algo];
}
