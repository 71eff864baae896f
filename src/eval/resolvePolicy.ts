import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidFile, UnknownPolicy } from '../core/errors.js';
import type { SerializedMlp } from '../policy/MlpPolicy.js';
import { policiesFor } from '../policy/policyRegistry.js';
import type { PolicySpec } from '../rollout/PolicySpec.js';

/** Where a run directory keeps its exported policy network (written by `tsgym train`). */
export const POLICY_FILE = 'policy.json';

function readNetwork(file: string): SerializedMlp {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidFile(`Cannot read policy network '${file}': ${(e as Error).message}`);
  }
  const d = data as Partial<SerializedMlp> | null;
  if (d === null || typeof d !== 'object' || d.format !== 'tsgym-mlp') {
    throw new InvalidFile(`'${file}' is not a tsgym policy network: expected format "tsgym-mlp", got ${JSON.stringify(d?.format ?? null)}`);
  }
  if (d.version !== 1) throw new InvalidFile(`'${file}' has tsgym-mlp version ${JSON.stringify(d.version)}, this tsgym reads version 1`);
  return d as SerializedMlp;
}

/**
 * Turns a `--policy` argument into what RolloutPool runs: a registered baseline name stays a name; a
 * run directory (or a `policy.json` file) becomes its serialized network.
 *
 * @example
 * ```ts
 * resolvePolicy('max-pressure', 'TrafficSignal-v0'); // 'max-pressure'
 * resolvePolicy('runs/dqn-signal', 'TrafficSignal-v0'); // { kind: 'mlp', network, deterministic: true }
 * ```
 */
export function resolvePolicy(arg: string, envId: string): PolicySpec {
  if (policiesFor(envId).includes(arg)) return arg;
  if (existsSync(arg)) {
    const file = statSync(arg).isDirectory() ? join(arg, POLICY_FILE) : arg;
    if (!existsSync(file)) throw new InvalidFile(`Run directory '${arg}' has no ${POLICY_FILE}: expected a directory written by \`tsgym train\``);
    return { kind: 'mlp', network: readNetwork(file), deterministic: true };
  }
  const avail = policiesFor(envId);
  throw new UnknownPolicy(`Unknown policy '${arg}' for ${envId}: expected one of ${avail.join(', ') || '(none)'} or a run directory`);
}
