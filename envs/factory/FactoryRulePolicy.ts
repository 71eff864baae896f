import type { Env } from '../../src/core/Env.js';
import { UnknownPolicy } from '../../src/core/errors.js';
import type { Info } from '../../src/core/types.js';
import type { Policy } from '../../src/policy/Policy.js';
import { DISPATCH_RULES, type DispatchRule } from './dispatchRules.js';
import { FactoryLineEnv } from './FactoryLineEnv.js';

/**
 * The FactoryLineEnv inside any wrappers, or UnknownPolicy naming `policy`.
 *
 * @example
 * ```ts
 * const line = factoryLineOf(make('FactoryLine-v0'), 'my-policy');
 * line.sim.wip;
 * ```
 */
export function factoryLineOf(env: Env<any, any>, policy: string): FactoryLineEnv {
  const inner = env.unwrapped;
  if (!(inner instanceof FactoryLineEnv)) throw new UnknownPolicy(`Policy '${policy}' drives FactoryLine-v0, got ${inner.toString()}`);
  return inner;
}

/**
 * A dispatching-rule baseline for FactoryLine-v0: at every dispatch decision it applies its rule (in
 * `rule` mode it returns the rule's index, in `pick` mode the position the rule chooses); at release
 * decisions it releases.
 *
 * @example
 * ```ts
 * const policy = new FactoryRulePolicy(env, 'EDD');
 * env.step(policy.act(obs, info));
 * ```
 */
export class FactoryRulePolicy implements Policy<Float32Array, number> {
  readonly name: string;
  private readonly rule: number;
  private readonly line: FactoryLineEnv;

  constructor(env: Env<any, any>, rule: DispatchRule) {
    this.name = rule.toLowerCase();
    this.rule = DISPATCH_RULES.indexOf(rule);
    this.line = factoryLineOf(env, this.name);
  }

  act(_obs: Float32Array, info: Info): number {
    if (info.decision === 'release') return 1;
    if (this.line.mode === 'rule') return this.rule;
    return this.line.ruleChoice(this.rule);
  }
}
