export { compareReport } from './compareReport.js';
export type { CompareReport, MetricRow } from './compareReport.js';
export { resolvePolicy, POLICY_FILE } from './resolvePolicy.js';
export { runPolicyFile, BEST_DIR, FINAL_DIR } from './runDir.js';
export { evaluate } from './evaluate.js';
export type { EvaluateRequest } from './evaluate.js';
export { metricInfo, isFiller, reportOrder, checkMetricNames, defaultMetric, metricDecimals, fmtFixed, fmtInterval, metricLabel } from './metricCatalog.js';
