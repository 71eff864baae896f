export { summarize, pairedDifference } from './summarize.js';
export type { Summary } from './summarize.js';
export { studentTCdf, studentTQuantile, incompleteBeta } from './studentT.js';
