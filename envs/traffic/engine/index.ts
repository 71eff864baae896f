export { TrafficEngine } from './TrafficEngine.js';
export type { EngineSnapshot } from './TrafficEngine.js';
export { compileNetwork, NODE_SIGNALIZED, NODE_PRIORITY, NODE_BOUNDARY, DIR_CODE } from './compileNetwork.js';
export type { CompiledNetwork } from './compileNetwork.js';
export type { CompiledDemand } from './compileDemand.js';
export {
  SignalController, SIG_RED, SIG_YELLOW, SIG_PERMITTED, SIG_PROTECTED, SIG_UNCONTROLLED, STAGE_GREEN, STAGE_YELLOW, STAGE_ALL_RED,
} from './SignalController.js';
export { SimOptionsSchema, parseSimOptions } from './SimOptions.js';
export type { SimOptions, SimOptionsInput } from './SimOptions.js';
export { VehicleStore } from './VehicleStore.js';
export { EngineCounters, HALTING_SPEED } from './EngineCounters.js';
export { brakeGap, idmAccel, kraussSafeSpeed, maximumSafeStopSpeed, safeFollowSpeed } from './carFollowing.js';
export { EngineState } from './EngineState.js';
export { rescoDelay } from './engineViews.js';
export { createVehicleView, engineMetrics, laneStats, vehicleView } from './engineViews.js';
export type { VehicleView } from './engineViews.js';
