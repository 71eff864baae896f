import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Agent } from '../../../agents/index.js';
import { POLICY_FILE } from '../../eval/runDir.js';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';

/** The file of a model directory that says what the model is: which one, the step and its evaluation. */
export const MODEL_INFO_FILE = 'model-info.json';

/** What `model-info.json` holds. */
export interface ModelInfo {
  /** `best`: the highest mean return of the periodic evaluations; `final`: what the last update left. */
  which: 'best' | 'final';
  /** Env steps of training behind the model. */
  step: number;
  /** Its evaluation (the one that made it best; for the final model the last one, when taken at its step). */
  eval: { meanReturn: number; stdReturn: number; episodes: number; seeds: [number, number] } | null;
}

/**
 * Writes a model directory: the agent's files (`agent.save`: reload with `DQN.load` etc.), `model-info.json`
 * and, last, `policy.json` (the exported network eval/compare/serve read; a policy server watching the
 * directory reloads once the rest is in place).
 *
 * @example
 * ```ts
 * await saveModelDir(agent, 'runs/x/best', { which: 'best', step: 40_000, eval: null });
 * ```
 */
export async function saveModelDir(agent: Agent, dir: string, info: ModelInfo): Promise<void> {
  await agent.save(dir);
  writeFileAtomic(join(dir, MODEL_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
  writeFileAtomic(join(dir, POLICY_FILE), `${JSON.stringify(agent.exportPolicy())}\n`);
}

/**
 * `model-info.json` of a model directory, or null when it has none.
 *
 * @example
 * ```ts
 * readModelInfo('runs/x/best')?.step; // 40000
 * ```
 */
export function readModelInfo(dir: string): ModelInfo | null {
  const file = join(dir, MODEL_INFO_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ModelInfo) : null;
}
