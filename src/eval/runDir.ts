import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidFile } from '../core/errors.js';

/** Where a model directory keeps its exported policy network (written by `tsgym train`). */
export const POLICY_FILE = 'policy.json';

/** The run subdirectory of the best model of the periodic evaluations. */
export const BEST_DIR = 'best';

/** The run subdirectory of the model the last update left. */
export const FINAL_DIR = 'final';

/**
 * The `policy.json` a `--policy` path stands for: the file itself; a directory holding `policy.json`
 * (a model directory such as `RUN/final`, or a run written before runs had `best/`); else the run's
 * `best/policy.json` (the best model of the periodic evaluations, rl-zoo's `best_model`), else its
 * `final/policy.json` (a run trained without evaluations). Throws InvalidFile naming what was looked for.
 *
 * @example
 * ```ts
 * runPolicyFile('runs/dqn');       // 'runs/dqn/best/policy.json'
 * runPolicyFile('runs/dqn/final'); // 'runs/dqn/final/policy.json'
 * ```
 */
export function runPolicyFile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  for (const f of [join(path, POLICY_FILE), join(path, BEST_DIR, POLICY_FILE), join(path, FINAL_DIR, POLICY_FILE)]) if (existsSync(f)) return f;
  throw new InvalidFile(
    `Run directory '${path}' has no ${POLICY_FILE}, ${BEST_DIR}/${POLICY_FILE} or ${FINAL_DIR}/${POLICY_FILE}: expected a directory written by \`tsgym train\``,
  );
}
