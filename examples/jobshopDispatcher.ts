/**
 * The learned job-shop dispatcher: schedule random Taillard instances of a size it was not trained on
 * with the shipped `gnn` policy and with the rules, read the graph observation it acts on, and draw the
 * first machines of the schedule as a text Gantt chart.
 *
 * Run: node dist/examples/jobshopDispatcher.js [--quick]
 */
import '../envs/index.js';
import { make, makePolicy, runEpisode } from '../src/index.js';
import type { JobShopGraphObs, ScheduledOp } from '../envs/factory/index.js';

const quick = process.argv.includes('--quick');
const seeds = quick ? 2 : 10;
const kwargs = { instance: 'random', jobs: 30, machines: 10, scheme: 'non-delay' };

const env = make('JobShop-v0', kwargs);
for (const name of ['gnn', 'fdd-mwkr', 'mwkr', 'spt']) {
  const policy = makePolicy(name, 'JobShop-v0', env);
  let sum = 0;
  for (let s = 0; s < seeds; s++) sum += runEpisode(env, policy, s).metrics.makespan ?? 0;
  console.log(`${name.padEnd(8)} mean makespan ${(sum / seeds).toFixed(1)} on ${seeds} random 30x10 instances`);
}

// the disjunctive graph the network reads: per-operation features, machines and fixed machine arcs
const graph = make('JobShop-v0', { ...kwargs, observation: 'graph' });
const [obs] = graph.reset({ seed: 0 }) as [JobShopGraphObs, unknown];
console.log(
  `graph observation: ${obs.opMachine.length} operations x ${obs.opFeatures.length / obs.opMachine.length} features, ` +
    `${obs.actionMask.reduce((a, v) => a + v, 0)} jobs allowed now`,
);

// a text Gantt chart of machines 0-2 (one character per 20 time units, the job's index modulo 36)
const gnn = makePolicy('gnn', 'JobShop-v0', env);
let [o, info] = env.reset({ seed: 0 });
let done = false;
while (!done) {
  const r = env.step(gnn.act(o, info));
  [o, , done] = r;
  info = r[4];
}
const sched = info.schedule as ScheduledOp[];
for (let m = 0; m < 3; m++) {
  const row = new Array<string>(Math.ceil((info.makespan as number) / 20)).fill('.');
  for (const op of sched.filter((x) => x.machine === m))
    for (let t = op.start; t < op.end; t += 20) row[Math.floor(t / 20)] = op.job.toString(36);
  console.log(`M${m} ${row.join('')}`);
}
console.log(`makespan ${info.makespan as number}`);
