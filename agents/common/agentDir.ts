import type * as tfjs from '@tensorflow/tfjs';
import { InvalidConfig, InvalidFile } from '../../src/core/errors.js';
import type { Space } from '../../src/spaces/Space.js';
import { spaceFromJSON } from '../../src/spaces/spaceFromJSON.js';
import { flatDim, flatten } from '../../src/spaces/flatten.js';
import type { Tf } from '../loadTf.js';
import { readModelDir, writeModelDir } from './modelFiles.js';
import { checkSameSpace } from './spaceLayout.js';
import type { OptimizerSnapshotting } from './optimizerState.js';
import type { Snapshot } from './Snapshot.js';
import type { VecEnvLike } from './VecEnvLike.js';


/** What an agent writes with `save` / `saveCheckpoint`. */
export interface AgentFiles {
  algo: string;
  config: Record<string, unknown>;
  observationSpace: Space<unknown>;
  actionSpace: Space<unknown>;
  /** Network parameter variables by name, e.g. `{ q: q.params }`. */
  tensors: Record<string, tfjs.Tensor>;
  /** Network description (layers) written as the model topology. */
  topology: Record<string, unknown>;
  /** Checkpoint only: the optimizer (its Adam moments are saved) and the learner's dynamic state. */
  optimizer?: OptimizerSnapshotting;
  snapshot?: Snapshot;
}

/**
 * Saves an agent directory (model.json + weights.bin + config.json; checkpoints add optimizer moments,
 * checkpoint.json and state.bin).
 *
 * @example
 * ```ts
 * await saveAgentDir(tf, dir, { algo: 'dqn', config, observationSpace, actionSpace, tensors: { q: q.params }, topology });
 * ```
 */
export async function saveAgentDir(tf: Tf, dir: string, f: AgentFiles): Promise<void> {
  const weights: tfjs.NamedTensorMap = { ...f.tensors };
  const optimizer = f.optimizer === undefined ? {} : await f.optimizer.snapshot();
  Object.assign(weights, optimizer);
  const optCount = Object.keys(optimizer).filter((k) => /^optimizer\/\d+$/.test(k)).length;
  const config = {
    format: 'tsgym-agent',
    version: 1,
    algo: f.algo,
    observationSpace: f.observationSpace.toJSON(),
    actionSpace: f.actionSpace.toJSON(),
    config: f.config,
  };
  await writeModelDir(tf, dir, {
    weights, topology: f.topology, config,
    ...(f.snapshot !== undefined ? { checkpoint: { ...f.snapshot.state, optimizerWeights: optCount }, arrays: f.snapshot.arrays } : {}),
  });
}

/** A loaded agent directory. */
export interface LoadedAgent {
  config: Record<string, unknown>;
  observationSpace: Space<unknown>;
  actionSpace: Space<unknown>;
  tensors: tfjs.NamedTensorMap;
  topology: Record<string, unknown>;
  /** Number of `optimizer/i` tensors in `tensors` (0 for a saved model). */
  optimizerCount: number;
  /** A checkpoint's dynamic state (undefined for a saved model). */
  snapshot?: Snapshot;
}

/**
 * Loads what {@link saveAgentDir} wrote; checks the algorithm and, given an env, that its spaces are the
 * model's (InvalidConfig naming the dimension otherwise).
 *
 * @example
 * ```ts
 * const m = await loadAgentDir(tf, 'runs/dqn', 'dqn', envs);
 * ```
 */
export async function loadAgentDir(tf: Tf, dir: string, algo: string, env?: VecEnvLike): Promise<LoadedAgent> {
  const m = await readModelDir(tf, dir);
  const c = m.config;
  if (c.format !== 'tsgym-agent' || c.version !== 1)
    throw new InvalidFile(`${dir}/config.json is not a tsgym-agent v1 config (format=${String(c.format)}, version=${String(c.version)})`);
  if (c.algo !== algo) throw new InvalidFile(`${dir} holds a '${String(c.algo)}' agent, not '${algo}'`);
  const observationSpace = spaceFromJSON(c.observationSpace);
  const actionSpace = spaceFromJSON(c.actionSpace);
  if (env !== undefined) {
    checkSameSpace('observation', observationSpace, env.singleObservationSpace);
    checkSameSpace('action', actionSpace, env.singleActionSpace);
  }
  const optimizerCount = Number(m.checkpoint?.optimizerWeights ?? 0);
  for (let i = 0; i < optimizerCount; i++) if (m.weights[`optimizer/${i}`] === undefined) throw new InvalidFile(`${dir}/weights.bin lacks optimizer/${i}`);
  const out: LoadedAgent = {
    config: (c.config ?? {}) as Record<string, unknown>,
    observationSpace,
    actionSpace,
    tensors: m.weights,
    topology: m.topology,
    optimizerCount,
  };
  if (m.checkpoint !== undefined) out.snapshot = { state: m.checkpoint, arrays: m.arrays ?? {} };
  return out;
}

/**
 * Restores an optimizer's state saved in a checkpoint (moments, iteration count, Adam's beta powers).
 *
 * @example
 * ```ts
 * await restoreOptimizer(optimizer, loaded);
 * ```
 */
export async function restoreOptimizer(optimizer: OptimizerSnapshotting, m: LoadedAgent): Promise<void> {
  await optimizer.restore(m.tensors, m.optimizerCount);
}

/** A named tensor of a loaded agent, or InvalidFile naming it. */
export function tensorOf(m: LoadedAgent, name: string): tfjs.Tensor {
  const t = m.tensors[name];
  if (t === undefined) throw new InvalidFile(`Saved agent lacks tensor '${name}'`);
  return t;
}

/**
 * The dynamic state of a loaded checkpoint, or InvalidConfig when the directory holds a saved model.
 *
 * @example
 * ```ts
 * agent.restore(checkpointOf(loaded, dir, 'PPO'));
 * ```
 */
export function checkpointOf(m: LoadedAgent, dir: string, algo: string): Snapshot {
  if (m.snapshot === undefined) throw new InvalidConfig(`${dir} is a saved model, not a checkpoint: use ${algo}.load`);
  return m.snapshot;
}

/**
 * One observation as the flat Float32Array networks take: a Float32Array of the right length is used as
 * it is, anything else is flattened with the observation space (Dict in sorted-key order).
 *
 * @example
 * ```ts
 * const x = flatObs(env.observationSpace, obs, 4);
 * ```
 */
export function flatObs(space: Space<unknown>, obs: unknown, dim: number): Float32Array {
  if (obs instanceof Float32Array && obs.length === dim) return obs;
  if (ArrayBuffer.isView(obs) && (obs as unknown as ArrayLike<number>).length === dim && flatDim(space) === dim) {
    return Float32Array.from(obs as unknown as ArrayLike<number>);
  }
  return flatten(space, obs);
}
