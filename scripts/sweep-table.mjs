// Prints a markdown table from the NAME.json files `scripts/sumo-sweep.sh --run` writes (tsgym validate --json).
// Usage: node scripts/sweep-table.mjs DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '/tmp/tsgym-sweep';
const fmt = (x, d = 1) => (x === undefined || x === null ? '-' : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const pct = (x) => (x === undefined || x === null ? '-' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`);
console.log('| scenario | arrived SUMO / tsgym | diff | travel time (s) SUMO / tsgym | diff | time loss (s) SUMO / tsgym | waiting (s) SUMO / tsgym | teleports SUMO / tsgym | verdict |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
  let r;
  try { r = JSON.parse(readFileSync(join(dir, f), 'utf8')); } catch { console.log(`| ${f} | no result |||||||| fail |`); continue; }
  const row = (k) => r.rows.find((x) => x.key === k) ?? {};
  const pair = (k, d = 1) => `${fmt(row(k).sumo?.mean, d)} / ${fmt(row(k).tsgym?.mean, d)}`;
  const verdict = r.rows.every((x) => x.pass !== false) ? 'pass' : 'FAIL';
  console.log(`| ${f.replace('.json', '')} | ${pair('arrived')} | ${pct(row('arrived').relativeDiff)} | ${pair('meanTravelTime')} | ${pct(row('meanTravelTime').relativeDiff)} | ${pair('meanTimeLoss')} | ${pair('meanWaitingTime')} | ${pair('teleports')} | ${verdict} |`);
}
