import type { MetricCatalog } from '../../src/core/MetricInfo.js';
import type { CompareReport } from '../../src/eval/compareReport.js';
import { defaultMetric, fmtFixed, fmtInterval, metricDecimals, metricInfo, metricLabel, reportOrder } from '../../src/eval/metricCatalog.js';
import { barChartSvg } from '../../src/plot/barChartSvg.js';
import type { TrafficScene } from '../format/types.js';
import { LOS_COLOURS, losMapSvg } from './losMapSvg.js';

/** One junction's or approach's HCM figures for one policy. */
export interface LosCell {
  readonly controlDelay: number;
  readonly vc: number;
  readonly los: string;
}

/** What `reportHtml` puts on the page. */
export interface ReportInput {
  readonly env: string;
  readonly report: CompareReport;
  readonly catalog?: MetricCatalog;
  /** policy -> junction/approach -> LOS figures (empty for non-traffic envs). */
  readonly los: Readonly<Record<string, Readonly<Record<string, LosCell>>>>;
  /** A traffic scene for the LOS maps. */
  readonly scene?: TrafficScene;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2024;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ccd;padding-bottom:3px}
table{border-collapse:collapse;margin:6px 0 4px}th,td{padding:3px 9px;border-bottom:1px solid #e3e5ea;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#f0f1f4}.sub{color:#555}.sig{font-weight:bold}
.maps{display:flex;flex-wrap:wrap;gap:18px}.maps figure{margin:0}figcaption{font-weight:bold;margin-bottom:4px}
.legend span{display:inline-block;padding:1px 8px;margin-right:4px;border:1px solid #999}.note{color:#555;font-size:12.5px}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,figure{break-inside:avoid}}`;

function metricsTable(inp: ReportInput): string {
  const rep = inp.report;
  const base = rep.policies[0] ?? '';
  const names = reportOrder(rep.metrics.filter((m) => metricInfo(m, inp.catalog)?.detail !== true), inp.catalog);
  const head = `<tr><th>metric</th><th>unit</th><th>policy</th><th>mean</th><th>95% CI</th><th>difference vs ${esc(base)}</th><th>95% CI</th></tr>`;
  const body = names.flatMap((m) => {
    const rows = rep.rows.filter((r) => r.metric === m);
    const d = metricDecimals(rows.map((r) => r.summary.mean));
    return rows.map((r) => {
      const diff = r.diff;
      const sig = diff !== undefined && Number.isFinite(diff.low) && (diff.low > 0 || diff.high < 0);
      const info = metricInfo(m, inp.catalog);
      return `<tr><td title="${esc(info?.label ?? '')}">${esc(metricLabel(m, inp.catalog))}</td><td>${esc(info?.unit ?? '')}</td><td>${esc(r.policy)}</td>` +
        `<td class="n">${fmtFixed(r.summary.mean, d)}</td><td class="n">${fmtInterval(r.summary.low, r.summary.high, d)}</td>` +
        `<td class="n${sig ? ' sig' : ''}">${diff ? `${fmtFixed(diff.mean, d, true)}${sig ? ' *' : ''}` : '(baseline)'}</td>` +
        `<td class="n">${diff ? fmtInterval(diff.low, diff.high, d) : ''}</td></tr>`;
    });
  });
  return `<table>${head}${body.join('')}</table><p class="note">${rep.seeds.length} episodes per policy on the same seeds; differences are paired by seed; ` +
    '* = the 95% interval excludes 0. (end) = value at the end of the episode, not an average.</p>';
}

function losTable(inp: ReportInput): string {
  const policies = inp.report.policies;
  const units = [...new Set(policies.flatMap((p) => Object.keys(inp.los[p] ?? {})))].sort((a, b) => a.localeCompare(b));
  if (units.length === 0) return '';
  const head = `<tr><th>junction / approach</th>${policies.map((p) => `<th>${esc(p)}</th>`).join('')}</tr>`;
  const body = units.map((u) => {
    const cells = policies.map((p) => {
      const c = inp.los[p]?.[u];
      if (c === undefined) return '<td>-</td>';
      const bg = LOS_COLOURS[c.los] ?? '#fff';
      return `<td class="n" style="background:${bg}">${fmtFixed(c.controlDelay, 1)} s &nbsp;<b>${esc(c.los)}</b> &nbsp;v/c ${fmtFixed(c.vc, 2)}</td>`;
    });
    return `<tr><td>${esc(u)}</td>${cells.join('')}</tr>`;
  });
  const legend = Object.entries(LOS_COLOURS).map(([k, c]) => `<span style="background:${c}">${k}</span>`).join('');
  const scene = inp.scene;
  const maps = scene
    ? `<div class="maps">${policies.map((p) => {
      const letters = Object.fromEntries(Object.entries(inp.los[p] ?? {}).map(([u, c]) => [u, c.los]));
      return `<figure><figcaption>${esc(p)}</figcaption>${losMapSvg(scene, letters, `Level of service under ${p}`)}</figure>`;
    }).join('')}</div>`
    : '';
  return `<h2>Level of service (HCM)</h2><p class="legend">${legend}</p><table>${head}${body.join('')}</table>` +
    '<p class="note">Control delay per vehicle (s), level of service and volume-to-capacity ratio, means over the episodes. ' +
    'LOS after HCM exhibit 19-8: A &le; 10 s, B &le; 20, C &le; 35, D &le; 55, E &le; 80, F above, and F whenever v/c &gt; 1.</p>' + maps;
}

/**
 * A self-contained HTML report of a comparison (no scripts, no external files: styles inline, charts and
 * maps as inline SVG), printable to PDF: the domain metrics with units and intervals, HCM level of
 * service per junction and approach with maps of the network coloured by LOS (traffic), and a chart of
 * the main metric.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', reportHtml({ env: 'TrafficSignal-v0', report, los: {} }));
 * ```
 */
export function reportHtml(inp: ReportInput): string {
  const rep = inp.report;
  const main = defaultMetric(rep.metrics, inp.catalog);
  const info = metricInfo(main, inp.catalog);
  const what = info ? `${info.label}${info.unit ? ` (${info.unit})` : ''}` : main;
  const bars = rep.rows.filter((r) => r.metric === main).map((r) => ({ label: r.policy, value: r.summary.mean, low: r.summary.low, high: r.summary.high }));
  const svg = barChartSvg(`mean and 95% CI over ${rep.seeds.length} seeds`, bars, { yLabel: what });
  const chart = bars.length > 0 ? `<h2>${esc(what)}</h2>${svg}` : '';
  const title = `${inp.env}: ${rep.policies.join(' vs ')}`;
  return '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${esc(title)}</title>\n<link rel="icon" href="data:,">\n<style>${CSS}</style>\n</head>\n<body>\n` +
    `<h1>${esc(title)}</h1>\n<p class="sub">${rep.seeds.length} episodes per policy, seeds ${rep.seeds.map(String).join(', ')}; tsgym report.</p>\n` +
    `<h2>Results</h2>\n${metricsTable(inp)}\n${losTable(inp)}\n${chart}\n</body>\n</html>\n`;
}
