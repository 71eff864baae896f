import { register, registry } from '../../src/registry/registry.js';
import { registerPolicy } from '../../src/policy/policyRegistry.js';
import '../../src/policy/RandomPolicy.js';
import type { Env } from '../../src/core/Env.js';
import type { ParallelEnv } from '../../src/core/ParallelEnv.js';
import { ActuatedRule } from './baselines/ActuatedRule.js';
import { FixedTimeRule } from './baselines/FixedTimeRule.js';
import { MaxPressureRule } from './baselines/MaxPressureRule.js';
import { SotlRule } from './baselines/SotlRule.js';
import { TrafficRulePolicy } from './baselines/TrafficRulePolicy.js';
import { TrafficGridEnv } from './env/TrafficGridEnv.js';
import { TrafficSignalEnv } from './env/TrafficSignalEnv.js';
import { TRAFFIC_METRICS } from './trafficMetrics.js';

/** Whether a policy of this domain drives env `id` (any `Traffic*` env built on the signal agents). */
const isTraffic = (id: string): boolean => /^Traffic[A-Za-z]*-v\d+$/.test(id);

function deltaTimeOf(env: Env<any, any> | ParallelEnv<string, any, any>): number | undefined {
  const cfg = (env.unwrapped as unknown as { cfg?: { deltaTime?: number } }).cfg;
  return cfg?.deltaTime;
}

/**
 * Registers `TrafficSignal-v0` and `TrafficGrid-v0` and the signal baselines `fixed-time` (alias
 * `webster`), `actuated`, `max-pressure` and `sotl` (`random` applies to every env). Idempotent; runs
 * when `envs/traffic` is imported.
 *
 * @example
 * ```ts
 * registerTraffic();
 * makeParallel('TrafficGrid-v0', { scenario: { rows: 2, cols: 2 } });
 * ```
 */
export function registerTraffic(): void {
  if (!registry.has('TrafficSignal-v0')) {
    register({
      id: 'TrafficSignal-v0',
      entryPoint: (kw: Record<string, unknown>) => new TrafficSignalEnv(kw),
      module: import.meta.url,
      configKwarg: 'scenario',
      description: 'Control one signalized intersection (sumo-rl style): next green phase every 5 s',
      metrics: TRAFFIC_METRICS,
    });
  }
  if (!registry.has('TrafficGrid-v0')) {
    register({
      id: 'TrafficGrid-v0',
      entryPoint: (kw: Record<string, unknown>) => new TrafficGridEnv(kw),
      module: import.meta.url,
      parallel: true,
      configKwarg: 'scenario',
      description: 'Control every signal of a 4x4 grid (or any network): one agent per intersection',
      metrics: TRAFFIC_METRICS,
    });
  }
  const webster = (name: string) => (env: Env<any, any> | ParallelEnv<string, any, any>, opts?: Record<string, unknown>) =>
    new TrafficRulePolicy(
      name,
      env,
      (a) => new FixedTimeRule(a, { deltaTime: deltaTimeOf(env), saturationFlow: typeof opts?.saturationFlow === 'number' ? opts.saturationFlow : undefined }),
    );
  registerPolicy({
    name: 'fixed-time',
    description: "Fixed-time plan with Webster's optimal cycle and splits from the demand",
    appliesTo: isTraffic,
    create: webster('fixed-time'),
  });
  registerPolicy({ name: 'webster', description: 'Alias of fixed-time (Webster cycle and splits)', appliesTo: isTraffic, create: webster('webster') });
  registerPolicy({
    name: 'actuated',
    description: 'Actuated control: extend green while vehicles are detected near the stop line (gap-out / max-out)',
    appliesTo: isTraffic,
    create: (env, opts) =>
      new TrafficRulePolicy('actuated', env, () => new ActuatedRule({ detector: typeof opts?.detector === 'number' ? opts.detector : undefined })),
  });
  registerPolicy({
    name: 'max-pressure',
    description: 'Max-pressure control (Varaiya): phase with the largest upstream-minus-downstream vehicle count',
    appliesTo: isTraffic,
    create: (env, opts) =>
      new TrafficRulePolicy(
        'max-pressure',
        env,
        () =>
          new MaxPressureRule({
            minPhase: typeof opts?.minPhase === 'number' ? opts.minPhase : undefined,
            range: typeof opts?.range === 'number' ? opts.range : undefined,
          }),
      ),
  });
  registerPolicy({
    name: 'sotl',
    description: 'Self-organizing traffic lights (Gershenson, platoon variant)',
    appliesTo: isTraffic,
    create: (env) => {
      const rule = new SotlRule();
      return new TrafficRulePolicy('sotl', env, () => rule);
    },
  });
}

registerTraffic();
