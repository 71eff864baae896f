export { summarize, pairedDifference } from './summarize.js';
export type { Summary } from './summarize.js';
export { studentTCdf, studentTQuantile, incompleteBeta } from './studentT.js';
export { mean, iqm, bootstrapInterval, aggregateRuns } from './bootstrap.js';
export type { Interval, RunAggregate } from './bootstrap.js';
