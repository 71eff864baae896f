import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BEST_DIR, FINAL_DIR } from '../../eval/runDir.js';
import { InvalidConfig } from '../../core/errors.js';
import type { Space } from '../../spaces/Space.js';
import { ALGORITHMS } from './algorithms.js';
import type { Algo } from './trainConfig.js';


/** What warm-starting reads from an agent: its spaces and its networks (DQN: q/qTarget; actor-critics: ac). */
interface Nets {
  readonly algo: string;
  readonly observationSpace: Space<unknown>;
  readonly actionSpace: Space<unknown>;
  readonly q?: MlpLike;
  readonly qTarget?: MlpLike;
  readonly ac?: { readonly actor: MlpLike; readonly critic: MlpLike; readonly logStd?: { assign(t: unknown): void; clone(): unknown } | undefined };
  dispose(): void;
}

interface MlpLike {
  readonly layers: readonly { readonly in?: number; readonly out?: number }[];
  readonly params: readonly { readonly shape: readonly number[] }[];
  getFlat(): Float32Array;
  setFlat(v: ArrayLike<number>): void;
}

/** Throws InvalidConfig naming the first parameter whose shape differs (e.g. the input layer when obs dims differ). */
function checkShapes(what: string, src: MlpLike, dst: MlpLike, dir: string): void {
  if (src.params.length !== dst.params.length) {
    throw new InvalidConfig(
      `Cannot warm-start from '${dir}': the ${what} network has ${src.params.length / 2} layers there and ${dst.params.length / 2} here (set the same netArch)`,
    );
  }
  src.params.forEach((p, i) => {
    const q = dst.params[i];
    if (q === undefined || p.shape.join('x') !== q.shape.join('x')) {
      const layer = Math.floor(i / 2);
      const role =
        i === 0 ? ' (its input: the observation size)' : i === src.params.length - 1 || i === src.params.length - 2 ? ' (its output: the action size)' : '';
      throw new InvalidConfig(
        `Cannot warm-start from '${dir}': ${what} layer ${layer} ${i % 2 === 0 ? 'weights' : 'bias'} are [${p.shape.join(' x ')}] there but ` +
          `[${q?.shape.join(' x ') ?? '-'}] here${role}`,
      );
    }
  });
}

/**
 * Transfer: copies a trained run's networks (its best model `best/`, else `final/`; or a model directory)
 * into a freshly created agent of the same algorithm, after checking every parameter shape, so fine-tuning
 * starts from the source's exact weights. The optimizer state, replay buffer and counters start fresh. A
 * model for other spaces is refused with a message naming the layer and dimension that differ.
 *
 * @example
 * ```ts
 * await warmStart('dqn', agent, 'runs/dqn-single');
 * ```
 */
export async function warmStart(algo: Algo, target: unknown, dir: string): Promise<void> {
  // a run stands for its best model, as in eval/compare/serve; a model directory (RUN/final) for itself
  const modelDir = [dir, join(dir, BEST_DIR), join(dir, FINAL_DIR), join(dir, 'model')].find((d) => existsSync(join(d, 'model.json')));
  if (modelDir === undefined)
    throw new InvalidConfig(`--init-from '${dir}': no model.json, best/model.json or final/model.json (expected a run directory written by tsgym train)`);
  const source = (await ALGORITHMS[algo].load(modelDir)) as unknown as Nets;
  const dst = target as Nets;
  try {
    if (source.algo !== dst.algo) throw new InvalidConfig(`Cannot warm-start a ${dst.algo} agent from '${dir}': it holds a ${source.algo} model`);
    if (!source.actionSpace.equals(dst.actionSpace)) {
      throw new InvalidConfig(
        `Cannot warm-start from '${dir}': its action space is ${source.actionSpace.toString()}, this env's is ${dst.actionSpace.toString()}`,
      );
    }
    if (dst.q && source.q && dst.qTarget) {
      checkShapes('Q', source.q, dst.q, dir);
      const w = source.q.getFlat();
      dst.q.setFlat(w);
      dst.qTarget.setFlat(w);
    } else if (dst.ac && source.ac) {
      checkShapes('actor', source.ac.actor, dst.ac.actor, dir);
      checkShapes('critic', source.ac.critic, dst.ac.critic, dir);
      dst.ac.actor.setFlat(source.ac.actor.getFlat());
      dst.ac.critic.setFlat(source.ac.critic.getFlat());
      if (dst.ac.logStd && source.ac.logStd) dst.ac.logStd.assign(source.ac.logStd);
    } else {
      throw new InvalidConfig(`Cannot warm-start from '${dir}': the ${algo} networks were not found in the loaded model`);
    }
  } finally {
    source.dispose();
  }
}
