import type { MetricCatalog, MetricInfo } from '../../src/core/MetricInfo.js';

const m = (unit: string, kind: MetricInfo['kind'], label: string, better?: 'lower' | 'higher'): MetricInfo => ({
  unit, kind, label, ...(better ? { better } : {}),
});

/**
 * What FactoryLine-v0 reports in `info.metrics` (see `lineMetrics`); main metric: mean tardiness.
 *
 * @example
 * ```ts
 * LINE_METRICS.main; // 'meanTardiness'
 * ```
 */
export const LINE_METRICS: MetricCatalog = {
  main: 'meanTardiness',
  metrics: {
    meanTardiness: m('s', 'mean', 'mean tardiness per job', 'lower'),
    tardyFraction: m('', 'mean', 'fraction of jobs late', 'lower'),
    throughput: m('jobs/h', 'mean', 'throughput', 'higher'),
    completed: m('jobs', 'total', 'jobs completed', 'higher'),
    meanCycleTime: m('s', 'mean', 'mean cycle time', 'lower'),
    p95CycleTime: m('s', 'mean', '95th-percentile cycle time', 'lower'),
    wip: m('jobs', 'mean', 'time-average work in process', 'lower'),
    oee: m('', 'mean', 'overall equipment effectiveness (mean over machines)', 'higher'),
    '*.utilisation': m('', 'mean', 'fraction of time busy'),
    '*.setup': m('', 'mean', 'fraction of time in setup'),
    '*.blocked': m('', 'mean', 'fraction of time blocked', 'lower'),
    '*.starved': m('', 'mean', 'fraction of time starved', 'lower'),
    '*.idle': m('', 'mean', 'fraction of time idle'),
    '*.down': m('', 'mean', 'fraction of time down', 'lower'),
    '*.oee': m('', 'mean', 'overall equipment effectiveness', 'higher'),
    time: m('s', 'filler', 'clock at the end'),
  },
};

/**
 * What JobShop-v0 reports in `info.metrics` at the end of an episode; main metric: makespan (in the
 * instance's time units).
 *
 * @example
 * ```ts
 * JOBSHOP_METRICS.main; // 'makespan'
 * ```
 */
export const JOBSHOP_METRICS: MetricCatalog = {
  main: 'makespan',
  metrics: {
    makespan: m('time units', 'total', 'makespan', 'lower'),
    gapToBest: m('', 'total', 'relative gap to the best known makespan', 'lower'),
    bestKnown: m('time units', 'total', 'best known makespan'),
    lowerBound: m('time units', 'total', 'lower bound on the makespan'),
  },
};
