export { barChartSvg } from './barChartSvg.js';
export type { Bar } from './barChartSvg.js';
export { lineChartSvg } from './lineChartSvg.js';
export type { Series } from './lineChartSvg.js';
export { niceTicks } from './svg.js';
