import { existsSync, readFileSync } from 'node:fs';
import { InvalidFile, UnknownPolicy } from '../core/errors.js';
import type { SerializedMlp } from '../policy/MlpPolicy.js';
import { EnsemblePolicy } from '../policy/EnsemblePolicy.js';
import { policiesFor } from '../policy/policyRegistry.js';
import { networkFormat } from '../policy/networkFormats.js';
import type { PolicySpec } from '../rollout/PolicySpec.js';

import { runPolicyFile } from './runDir.js';

export { POLICY_FILE } from './runDir.js';

/** The `--policy` prefix of an ensemble of run directories. */
const ENSEMBLE_PREFIX = 'ensemble:';

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidFile(`Cannot read policy network '${file}': ${(e as Error).message}`);
  }
}

function readNetwork(file: string, data: unknown = readJson(file)): SerializedMlp {
  const d = data as Partial<SerializedMlp> | null;
  if (d === null || typeof d !== 'object' || d.format !== 'tsgym-mlp') {
    throw new InvalidFile(`'${file}' is not a tsgym policy network: expected format "tsgym-mlp", got ${JSON.stringify(d?.format ?? null)}`);
  }
  if (d.version !== 1) throw new InvalidFile(`'${file}' has tsgym-mlp version ${JSON.stringify(d.version)}, this tsgym reads version 1`);
  return d as SerializedMlp;
}

/**
 * Turns a `--policy` argument into what RolloutPool runs: a registered baseline name stays a name; a
 * run directory becomes the serialized network of its best model (`RUN/best`, or `RUN/final` when the run
 * made no evaluations; see {@link runPolicyFile}), a model directory (`RUN/final`) or `policy.json` file its network; `ensemble:DIR1,DIR2,...` becomes
 * an ensemble of those runs' networks (EnsemblePolicy: averaged q-values or probabilities).
 *
 * @example
 * ```ts
 * resolvePolicy('max-pressure', 'TrafficSignal-v0'); // 'max-pressure'
 * resolvePolicy('runs/dqn-signal', 'TrafficSignal-v0'); // { kind: 'mlp', network, deterministic: true }
 * resolvePolicy('ensemble:runs/s0,runs/s1', 'TrafficSignal-v0'); // { kind: 'ensemble', networks: [...], deterministic: true }
 * ```
 */
export function resolvePolicy(arg: string, envId: string): PolicySpec {
  if (policiesFor(envId).includes(arg)) return arg;
  if (arg.startsWith(ENSEMBLE_PREFIX)) {
    const dirs = arg.slice(ENSEMBLE_PREFIX.length).split(',').filter((d) => d !== '');
    if (dirs.length === 0) throw new UnknownPolicy(`Empty ensemble '${arg}': expected ensemble:DIR1,DIR2,... (run directories)`);
    const networks = dirs.map((d) => {
      if (!existsSync(d)) throw new InvalidFile(`Ensemble member '${d}' does not exist: expected a run directory or policy.json`);
      return readNetwork(runPolicyFile(d));
    });
    try {
      new EnsemblePolicy(networks); // members must share spaces and output kind
    } catch (e) {
      throw new InvalidFile(`${(e as Error).message.replace(/member (\d+)/g, (_m, i: string) => `member ${i} ('${dirs[Number(i) - 1] ?? '?'}')`)}`);
    }
    return { kind: 'ensemble', networks, deterministic: true };
  }
  if (existsSync(arg)) {
    const file = runPolicyFile(arg);
    const data = readJson(file);
    const format = (data as { format?: unknown } | null)?.format;
    const other = typeof format === 'string' && format !== 'tsgym-mlp' ? networkFormat(format) : undefined;
    if (other !== undefined) {
      if (!other.appliesTo(envId)) throw new InvalidFile(`'${file}' is a ${format} network, which cannot drive ${envId}`);
      return { kind: 'network', format: other.format, network: other.parse(data, file), deterministic: true };
    }
    return { kind: 'mlp', network: readNetwork(file, data), deterministic: true };
  }
  const avail = policiesFor(envId);
  throw new UnknownPolicy(`Unknown policy '${arg}' for ${envId}: expected one of ${avail.join(', ') || '(none)'}, a run directory or ensemble:DIR1,DIR2,...`);
}
