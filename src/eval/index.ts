export type { EpisodeResult } from './EpisodeResult.js';
export { compareReport } from './compareReport.js';
export type { CompareReport, MetricRow } from './compareReport.js';
