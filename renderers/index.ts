/**
 * tsgym renderers: the episode recording format, its reader/writer, the view server and synthetic
 * recordings. The Pixi viewer app itself lives in `renderers/viewer/` (built into `dist/viewer/`).
 * @packageDocumentation
 */
export * from './format/index.js';
export * from './io/index.js';
export * from './server/index.js';
export * from './synthetic/index.js';
export * from './adapters/index.js';
export { RecordEpisode } from './RecordEpisode.js';
export { RecordParallelEpisode } from './RecordParallelEpisode.js';
export { EpisodeRecorder, metricsOf } from './EpisodeRecorder.js';
export type { RecordOptions } from './EpisodeRecorder.js';
export { recordRun } from './recordRun.js';
export type { RecordRunOptions } from './recordRun.js';
