/**
 * Factory simulation: the discrete-event flow-line simulator, FactoryLine-v0 (SMDP dispatching), JobShop-v0
 * (OR-Library / Taillard / DMU instances, random Taillard instances) and their baselines. Importing registers the ids and policies.
 * @packageDocumentation
 */
export { registerFactory } from './registerFactory.js';
export { EventQueue } from './EventQueue.js';
export { FlowLineSim, SIM_END, SIM_DISPATCH, SIM_RELEASE } from './FlowLineSim.js';
export type { FlowLineSnapshot } from './FlowLineSim.js';
export { LineModel } from './LineModel.js';
export { LineStats, MACHINE_STATES } from './LineStats.js';
export type { MachineState } from './LineStats.js';
export { JobStore, RingQueue } from './JobStore.js';
export { scenarioSchema } from './scenarioSchema.js';
export type { Scenario, ScenarioInput } from './scenarioSchema.js';
export { distSchema, compileDist, sampleDist } from './distribution.js';
export type { DistSpec, CompiledDist } from './distribution.js';
export { DISPATCH_RULES } from './dispatchRules.js';
export type { DispatchRule } from './dispatchRules.js';
export { BUILTIN_SCENARIOS } from './scenarios.js';
export type { BuiltinScenario } from './scenarios.js';
export { FactoryLineEnv } from './FactoryLineEnv.js';
export type { FactoryLineKwargs } from './FactoryLineEnv.js';
export { lineMetrics } from './lineMetrics.js';
export { lineView } from './lineView.js';
export type { FactoryView, StationView, MachineView, TransitView } from './lineView.js';
export { MaskedDiscrete } from './MaskedDiscrete.js';
export { FactoryRulePolicy, factoryLineOf } from './FactoryRulePolicy.js';
export { ConwipPolicy } from './ConwipPolicy.js';
export { JobShopEnv } from './jobshop/JobShopEnv.js';
export type { JobShopObs, JobShopGraphObs, ScheduledOp } from './jobshop/JobShopEnv.js';
export { JobShopSim, DISPATCH_SCHEMES } from './jobshop/JobShopSim.js';
export type { DispatchScheme } from './jobshop/JobShopSim.js';
export { OP_FEATURES, N_OP_FEATURES, writeOpFeatures } from './jobshop/opFeatures.js';
export { taillardInstance, randomTaillardInstance } from './jobshop/taillardInstance.js';
export { parseJobShop, makespanLowerBound } from './jobshop/JobShopInstance.js';
export type { JobShopInstance } from './jobshop/JobShopInstance.js';
export { loadInstanceFile } from './jobshop/loadInstanceFile.js';
export { BEST_KNOWN_MAKESPAN, TAILLARD_OPTIMAL } from './jobshop/bestKnown.js';
export { INSTANCE_TEXTS } from './jobshop/instanceTexts.js';
export { JobShopRulePolicy, JOBSHOP_RULES, rulePriority, ruleChoice } from './jobshop/JobShopRulePolicy.js';
export type { JobShopRule } from './jobshop/JobShopRulePolicy.js';
