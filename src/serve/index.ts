/**
 * The policy server (`tsgym serve`): validated observations in, batched forward passes, actions out.
 * @packageDocumentation
 */
export { PolicyServer, startPolicyServer } from './PolicyServer.js';
export type { PolicyServerOptions } from './PolicyServer.js';
export { ServedModel } from './ServedModel.js';
export { ServedPolicy, loadServed } from './ServedPolicy.js';
export type { Decision } from './ServedModel.js';
export { parseObservation } from './parseObservation.js';
export { MicroBatcher } from './MicroBatcher.js';
export { DriftMonitor } from './DriftMonitor.js';
export type { DriftMonitorOptions, DriftReport } from './DriftMonitor.js';
export { ServeMetrics, LATENCY_BUCKETS, escapeLabel } from './ServeMetrics.js';
export type { MetricsState } from './ServeMetrics.js';
export { bindAddress, isLoopback } from './bindAddress.js';
export { tokenMatches } from './tokenMatches.js';
