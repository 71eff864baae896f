import type { Env } from '../../src/core/Env.js';
import type { Info } from '../../src/core/types.js';
import type { Policy } from '../../src/policy/Policy.js';
import { FactoryLineEnv } from './FactoryLineEnv.js';
import { factoryLineOf } from './FactoryRulePolicy.js';

/**
 * CONWIP release for FactoryLine-v0 scenarios under `control: 'agent'`: release the next job only while
 * the line holds fewer than `wipCap` jobs (default: the scenario's `wipCap`, else twice the machine
 * count); dispatch first-in first-out.
 *
 * @example
 * ```ts
 * const policy = new ConwipPolicy(env, 12);
 * ```
 */
export class ConwipPolicy implements Policy<Float32Array, number> {
  readonly name = 'conwip';
  readonly wipCap: number;
  private readonly line: FactoryLineEnv;

  constructor(env: Env<any, any>, wipCap?: number) {
    this.line = factoryLineOf(env, 'conwip');
    const md = this.line.model;
    this.wipCap = wipCap ?? (md.wipCap > 0 ? md.wipCap : 2 * md.nMachines);
  }

  act(_obs: Float32Array, info: Info): number {
    if (info.decision === 'release') return this.line.sim.wip < this.wipCap ? 1 : 0;
    return 0; // FIFO in both modes: rule 0, or the first waiting job
  }
}
