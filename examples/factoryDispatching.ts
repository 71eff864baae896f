/**
 * Dispatching on a factory line: compare the classic dispatching rules on the two-product line with
 * setups and due dates (FactoryLine-v0), then the job-shop rules on ft06 against its optimum 55.
 *
 * Run: node dist/examples/factoryDispatching.js [--quick]
 */
import '../envs/index.js';
import { compareReport, make, makePolicy, policiesFor, runEpisode, type EpisodeResult } from '../src/index.js';

const quick = process.argv.includes('--quick');
const episodes = quick ? 2 : 5;

const line = make('FactoryLine-v0', { scenario: 'two-product' });
const rules = policiesFor('FactoryLine-v0').filter((p) => ['fifo', 'spt', 'edd', 'cr'].includes(p));
const results: Record<string, EpisodeResult[]> = {};
for (const rule of rules) {
  const policy = makePolicy(rule, 'FactoryLine-v0', line);
  results[rule] = Array.from({ length: episodes }, (_, i) => ({ ...runEpisode(line, policy, i), episode: i }));
}
line.close();
const rep = compareReport(results);
const metric = 'meanTardiness';
console.log(`FactoryLine-v0 two-product line, ${metric} (mean over ${episodes} seeds):`);
for (const row of rep.rows.filter((r) => r.metric === metric))
  console.log(`  ${row.policy.padEnd(6)} ${row.summary.mean.toFixed(1)} s (95% CI ${row.summary.low.toFixed(1)} .. ${row.summary.high.toFixed(1)})`);

const shop = make('JobShop-v0', { instance: 'ft06' });
for (const rule of ['spt', 'mwkr', 'fifo']) {
  const r = runEpisode(shop, makePolicy(rule, 'JobShop-v0', shop), 0);
  console.log(
    `JobShop-v0 ft06, ${rule.padEnd(5)} makespan ${r.metrics.makespan} (optimum 55, gap ${(((r.metrics.makespan ?? 0) / 55 - 1) * 100).toFixed(1)} %)`,
  );
}
shop.close();
