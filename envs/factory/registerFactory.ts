import { register, registry } from '../../src/registry/registry.js';
import { registerPolicy } from '../../src/policy/policyRegistry.js';
import { registerNetworkFormat } from '../../src/policy/networkFormats.js';
import { parseDispatchNet, type SerializedDispatchNet } from './jobshop/gnn/SerializedDispatchNet.js';
import { parseGraphObservation } from './jobshop/gnn/parseGraphObservation.js';
import '../../src/policy/RandomPolicy.js';
import { ConwipPolicy } from './ConwipPolicy.js';
import { DISPATCH_RULES } from './dispatchRules.js';
import { FactoryLineEnv } from './FactoryLineEnv.js';
import { FactoryRulePolicy } from './FactoryRulePolicy.js';
import { JobShopEnv } from './jobshop/JobShopEnv.js';
import { JOBSHOP_RULES, JobShopRulePolicy } from './jobshop/JobShopRulePolicy.js';
import { GnnPolicy } from './jobshop/gnn/GnnPolicy.js';
import { SHIPPED_DISPATCHER } from './jobshop/gnn/shippedDispatcher.js';
import { JOBSHOP_METRICS, LINE_METRICS } from './factoryMetrics.js';

const RULE_TEXT: Record<string, string> = {
  FIFO: 'first in the buffer first',
  SPT: 'shortest nominal processing time first',
  LPT: 'longest nominal processing time first',
  EDD: 'earliest due date first',
  CR: 'smallest critical ratio (time to due date / work left) first',
  MWKR: 'most work remaining first',
  SST: 'shortest setup time first',
};

const JOBSHOP_TEXT: Record<string, string> = {
  fifo: 'earliest ready job first',
  spt: 'shortest next operation first',
  lpt: 'longest next operation first',
  mwkr: 'most work remaining first',
  lwkr: 'least work remaining first',
  'fdd-mwkr': 'smallest ratio of work done (with this operation) to work remaining first',
  mopnr: 'most operations remaining first',
};

const isLine = (id: string): boolean => id === 'FactoryLine-v0';
const isShop = (id: string): boolean => id === 'JobShop-v0';

/**
 * Registers FactoryLine-v0 and JobShop-v0 and their baselines: dispatching rules `fifo`, `spt`, `lpt`,
 * `edd`, `cr`, `mwkr`, `sst` and `conwip` release for the line; `fifo`, `spt`, `lpt`, `mwkr`, `lwkr`,
 * `fdd-mwkr`, `mopnr` and the learned `gnn` dispatcher for the job shop (`random` applies to all). Idempotent; runs when `envs/factory` is imported.
 *
 * @example
 * ```ts
 * registerFactory();
 * make('JobShop-v0', { instance: 'ft10' });
 * ```
 */
export function registerFactory(): void {
  if (!registry.has('FactoryLine-v0')) {
    register({
      id: 'FactoryLine-v0',
      entryPoint: (kw: Record<string, unknown>) => new FactoryLineEnv(kw),
      module: import.meta.url,
      configKwarg: 'config',
      description: 'Flow-line dispatching (SMDP): pick a rule or a job whenever a machine frees',
      metrics: LINE_METRICS,
    });
  }
  if (!registry.has('JobShop-v0')) {
    register({
      id: 'JobShop-v0',
      entryPoint: (kw: Record<string, unknown>) => new JobShopEnv(kw),
      module: import.meta.url,
      description: 'Job-shop dispatching on OR-Library, Taillard and DMU instances or random Taillard instances',
      metrics: JOBSHOP_METRICS,
    });
  }
  for (const rule of DISPATCH_RULES) {
    registerPolicy({
      name: rule.toLowerCase(),
      description: `Dispatching rule ${rule}: ${RULE_TEXT[rule] ?? ''}`,
      appliesTo: isLine,
      create: (env) => new FactoryRulePolicy(env as FactoryLineEnv, rule),
    });
  }
  registerPolicy({
    name: 'conwip',
    description: 'CONWIP release (release while WIP < cap; needs release control agent), FIFO dispatch',
    appliesTo: isLine,
    create: (env, opts) => new ConwipPolicy(env as FactoryLineEnv, typeof opts?.wipCap === 'number' ? opts.wipCap : undefined),
  });
  for (const rule of JOBSHOP_RULES) {
    registerPolicy({
      name: rule,
      description: `Dispatching rule (among the scheme's allowed jobs; Giffler-Thompson under 'append'): ${JOBSHOP_TEXT[rule] ?? ''}`,
      appliesTo: isShop,
      create: (env) => new JobShopRulePolicy(env as JobShopEnv, rule),
    });
  }
  registerPolicy({
    name: 'gnn',
    description:
      'Learned dispatcher: graph network over the disjunctive graph, trained with PPO on random Taillard instances ' +
      '(non-delay schedules; docs/jobshop.md)',
    appliesTo: isShop,
    create: (env, opts) => new GnnPolicy(SHIPPED_DISPATCHER, env as JobShopEnv, { deterministic: opts?.deterministic !== false }),
  });
  registerNetworkFormat({
    format: 'tsgym-gnn',
    appliesTo: isShop,
    parse: (data, where) => parseDispatchNet(data, where),
    create: (net, env, opts) => new GnnPolicy(net as SerializedDispatchNet, env, opts),
    serve: { policy: (net) => new GnnPolicy(net as SerializedDispatchNet), parseObservation: parseGraphObservation },
  });
}

registerFactory();
