/**
 * Evaluating a custom signal plan: a traffic engineer's fixed cycle (green seconds per phase) as a Policy,
 * compared with Webster's fixed-time plan and max-pressure on the same seeds, with 95 % intervals.
 *
 * Run: node dist/examples/customSignalPlan.js [--quick]
 */
import '../envs/index.js';
import { compareReport, make, makePolicy, runEpisode, type EpisodeResult, type Policy } from '../src/index.js';

const quick = process.argv.includes('--quick');
const episodes = quick ? 2 : 5;
const kwargs = { numSeconds: quick ? 600 : 3600 }; // one simulated hour (10 minutes with --quick)

/** Holds phase k green for `greens[k]` seconds, cycling; the env inserts yellow itself. */
class CyclePlan implements Policy<Float32Array, number> {
  readonly name = 'my-plan';
  private t = 0;
  constructor(private readonly greens: readonly number[], private readonly deltaTime = 5) {}
  reset(): void {
    this.t = 0;
  }
  act(): number {
    const cycle = this.greens.reduce((a, b) => a + b, 0);
    let at = this.t % cycle;
    this.t += this.deltaTime;
    for (let k = 0; k < this.greens.length; k++) {
      if (at < (this.greens[k] ?? 0)) return k;
      at -= this.greens[k] ?? 0;
    }
    return 0;
  }
}

const env = make('TrafficSignal-v0', kwargs);
const numPhases = (env.actionSpace as unknown as { n: number }).n;
const myPlan = new CyclePlan(Array.from({ length: numPhases }, (_, k) => (k % 2 === 0 ? 30 : 15)));
const results: Record<string, EpisodeResult[]> = {};
for (const [name, policy] of [
  ['fixed-time', makePolicy('fixed-time', 'TrafficSignal-v0', env)],
  ['max-pressure', makePolicy('max-pressure', 'TrafficSignal-v0', env)],
  ['my-plan', myPlan],
] as const) {
  results[name] = Array.from({ length: episodes }, (_, i) => ({ ...runEpisode(env, policy, 100 + i), episode: i }));
}
env.close();
const rep = compareReport(results);
for (const row of rep.rows.filter((r) => r.metric === 'meanDelay')) {
  const d = row.diff
    ? `, vs fixed-time ${row.diff.mean >= 0 ? '+' : ''}${row.diff.mean.toFixed(1)} s [${row.diff.low.toFixed(1)}, ${row.diff.high.toFixed(1)}]`
    : '';
  console.log(
    `${row.policy.padEnd(12)} mean delay ${row.summary.mean.toFixed(1)} s (95% CI ${row.summary.low.toFixed(1)} .. ${row.summary.high.toFixed(1)})${d}`,
  );
}
