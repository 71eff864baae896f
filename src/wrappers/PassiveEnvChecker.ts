import type { Env } from '../core/Env.js';
import { EnvCheckError } from '../core/errors.js';
import { formatValue } from '../core/assertAction.js';
import type { ResetOptions, ResetResult, StepResult } from '../core/types.js';
import { Space } from '../spaces/Space.js';
import { Wrapper } from './Wrapper.js';

/**
 * Checks the env's spaces at construction and the first `reset` and `step` results against them,
 * then gets out of the way (Gymnasium's PassiveEnvChecker; tsgym throws `EnvCheckError` instead of warning).
 *
 * @example
 * ```ts
 * const env = new PassiveEnvChecker(new MyEnv()); // throws at the first reset if obs is outside the space
 * ```
 */
export class PassiveEnvChecker<Obs, Act> extends Wrapper<Obs, Act> {
  private checkedReset = false;
  private checkedStep = false;

  constructor(env: Env<Obs, Act>) {
    super(env);
    if (!(env.observationSpace instanceof Space))
      throw new EnvCheckError(`${env.toString()} observationSpace is not a Space, got ${formatValue(env.observationSpace)}`);
    if (!(env.actionSpace instanceof Space)) throw new EnvCheckError(`${env.toString()} actionSpace is not a Space, got ${formatValue(env.actionSpace)}`);
  }

  protected override snapshotOwn(): unknown {
    return { checkedReset: this.checkedReset, checkedStep: this.checkedStep };
  }

  protected override restoreOwn(own: unknown): void {
    const o = own as { checkedReset: boolean; checkedStep: boolean };
    this.checkedReset = o.checkedReset;
    this.checkedStep = o.checkedStep;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    const r = this.env.reset(opts);
    if (!this.checkedReset) {
      this.checkedReset = true;
      if (!Array.isArray(r) || r.length !== 2) throw new EnvCheckError(`reset() must return [obs, info], got ${formatValue(r)}`);
      if (!this.env.observationSpace.contains(r[0])) {
        throw new EnvCheckError(
          `The obs returned by reset() is not within the observation space ${this.env.observationSpace.toString()}, got ${formatValue(r[0])}`,
        );
      }
      if (r[1] === null || typeof r[1] !== 'object') throw new EnvCheckError(`reset() info must be an object, got ${formatValue(r[1])}`);
    }
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    if (!this.checkedStep) {
      this.checkedStep = true;
      if (!Array.isArray(r) || r.length !== 5) throw new EnvCheckError(`step() must return [obs, reward, terminated, truncated, info], got ${formatValue(r)}`);
      const [obs, reward, term, trunc, info] = r;
      if (!this.env.observationSpace.contains(obs)) {
        throw new EnvCheckError(
          `The obs returned by step() is not within the observation space ${this.env.observationSpace.toString()}, got ${formatValue(obs)}`,
        );
      }
      if (typeof reward !== 'number' || Number.isNaN(reward)) throw new EnvCheckError(`step() reward must be a number, got ${formatValue(reward)}`);
      if (typeof term !== 'boolean') throw new EnvCheckError(`step() terminated must be a boolean, got ${formatValue(term)}`);
      if (typeof trunc !== 'boolean') throw new EnvCheckError(`step() truncated must be a boolean, got ${formatValue(trunc)}`);
      if (info === null || typeof info !== 'object') throw new EnvCheckError(`step() info must be an object, got ${formatValue(info)}`);
    }
    return r;
  }
}
