/**
 * The evaluation half of docs/transfer.md. Plays one 3600 s episode of TrafficNetwork-v0 on CityFlow's
 * Jinan 3x4 per (controlled intersection, policy) with the canonical layout (the other 11 signals run their
 * imported programs) and records, for the controlled intersection, the mean approach delay of the vehicles
 * it served (time loss on its incoming roads, s/veh), their number and the time-mean queue (halting
 * vehicles on its approaches), and the network's mean travel time and delay. Results are appended to a
 * JSON file (entries already there are skipped, so an interrupted run resumes).
 *
 * Usage (from the repository root, after `npm run build`):
 *   node dist/examples/transfer/evalTransfer.js eval OUT.json SIGNALS POLICY...   (SIGNALS: all or a,b,...)
 *     POLICY: a baseline name, a run directory, or ckpt:RUN_DIR/checkpoints/step-N (a DQN checkpoint)
 *   node dist/examples/transfer/evalTransfer.js report RUNS_DIR SIGNALS OUT.json... (markdown tables + SVGs)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { make } from '../../src/registry/registry.js';
import { resolvePolicy } from '../../src/eval/resolvePolicy.js';
import { policyFromSpec } from '../../src/rollout/policyFromSpec.js';
import { summarize } from '../../src/stats/summarize.js';
import { writeFileAtomic } from '../../src/io/writeFileAtomic.js';
import { barChartSvg } from '../../src/plot/barChartSvg.js';
import { TrafficEngine } from '../../envs/traffic/engine/TrafficEngine.js';
import { lineChartSvg } from '../../src/plot/lineChartSvg.js';
import '../../envs/index.js';
import type { TrafficNetworkEnv } from '../../envs/traffic/network-env/TrafficNetworkEnv.js';
import type { PolicySpec } from '../../src/rollout/PolicySpec.js';

const JINAN = '../shared/data/cityflow/jinan_3x4';
const ENV = 'TrafficNetwork-v0';
const KWARGS = { network: JINAN, layout: 'canonical', detectionRange: 150 };

/** One evaluated episode. */
interface Row {
  signal: string;
  policy: string;
  delay: number;
  served: number;
  meanQueue: number;
  travelTime: number;
  networkDelay: number;
  cpuSeconds: number;
}

function signalsOf(arg: string): string[] {
  if (arg !== 'all') return arg.split(',');
  const u = make(ENV, { network: JINAN }).unwrapped as TrafficNetworkEnv;
  return u.network.signals.map((s) => s.node);
}

/** A baseline or run directory as `tsgym eval` reads it, or `ckpt:DIR`: the greedy policy of a DQN checkpoint. */
async function specOf(arg: string): Promise<PolicySpec> {
  if (!arg.startsWith('ckpt:')) return resolvePolicy(arg, ENV);
  const m = await import('../../agents/index.js');
  const agent = await m.DQN.load(arg.slice(5));
  const network = agent.exportPolicy();
  agent.dispose();
  return { kind: 'mlp', network, deterministic: true };
}

async function evalOne(signal: string, policyArg: string): Promise<Row> {
  const c0 = process.cpuUsage();
  const env = make(ENV, { ...KWARGS, signal });
  const policy = policyFromSpec(await specOf(policyArg), ENV, env);
  const u = env.unwrapped as TrafficNetworkEnv;
  policy.reset?.(0);
  let [obs, info] = env.reset({ seed: 0 });
  let queue = 0;
  let steps = 0;
  for (;;) {
    const r = env.step(policy.act(obs, info) as number);
    obs = r[0];
    info = r[4];
    queue += typeof info.queue === 'number' ? info.queue : 0;
    steps++;
    if (r[2] || r[3]) break;
  }
  const node = u.agent.node;
  if (!(u.engine instanceof TrafficEngine)) throw new Error('evalTransfer reads the approach delay of tsgym\'s engine (backend tsgym)');
  const c = u.engine.counters;
  const served = c.nodeThroughput[node];
  const m = info.metrics as Record<string, number>;
  env.close();
  const cpu = process.cpuUsage(c0);
  return {
    signal,
    policy: policyArg,
    delay: c.nodeDelay[node] / Math.max(1, served),
    served,
    meanQueue: queue / steps,
    travelTime: m.meanTravelTime ?? NaN,
    networkDelay: m.meanDelay ?? NaN,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

function load(file: string): Row[] {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Row[]) : [];
}

function save(file: string, rows: Row[]): void {
  writeFileAtomic(file, `${JSON.stringify(rows, null, 1)}\n`);
}

async function runEval(out: string, signals: string, policies: string[]): Promise<void> {
  const rows = load(out);
  for (const s of signalsOf(signals)) {
    for (const p of policies) {
      if (rows.some((r) => r.signal === s && r.policy === p)) continue;
      const r = await evalOne(s, p);
      rows.push(r);
      save(out, rows);
      process.stdout.write(
        `${s} ${p}: delay ${r.delay.toFixed(1)} s/veh, served ${r.served}, queue ${r.meanQueue.toFixed(1)}, network travel time ` +
          `${r.travelTime.toFixed(1)} s (${r.cpuSeconds.toFixed(1)} CPU s)\n`,
      );
    }
  }
}

const fmt = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '-');
const ci = (xs: number[]): string => {
  if (xs.length === 0) return '-';
  const s = summarize(xs);
  return xs.length > 1 ? `${fmt(s.mean)} [${fmt(s.low)}, ${fmt(s.high)}]` : fmt(s.mean);
};

/** The group of a policy argument: a baseline name, or the runs folder (source / finetune / scratch). */
function groupOf(policy: string): string {
  const m = /([^/]+)\/s\d+\/?$/.exec(policy);
  return m ? (m[1]) : policy;
}

/** Where a row sits on the fine-tuning curve: group, seed and training steps on Jinan, from checkpoints (the source run = fine-tuning step 0). */
function curvePoint(policy: string): { group: string; seed: number; step: number } | undefined {
  const c = /(finetune|scratch)\/s(\d+)\/checkpoints\/step-(\d+)$/.exec(policy);
  if (c) return { group: c[1], seed: Number(c[2]), step: Number(c[3]) };
  const z = /source\/s(\d+)\/?$/.exec(policy);
  return z ? { group: 'finetune', seed: Number(z[1]), step: 0 } : undefined;
}

/** Approach delay against training steps on the target intersection: a table (95 % CIs over seeds) and an SVG line chart of the means. */
function delayCurve(rows: readonly Row[], finalStep: number): string[] {
  const pts = rows.flatMap((r) => { const p = curvePoint(r.policy); return p ? [{ ...p, delay: r.delay, queue: r.meanQueue, served: r.served }] : []; });
  const steps = [...new Set(pts.map((p) => p.step))].sort((a, b) => a - b);
  const at = (g: string, st: number, k: 'delay' | 'queue' | 'served' = 'delay'): number[] => pts.filter((p) => p.group === g && p.step === st).map((p) => p[k]);
  const out = [
    '| Jinan training steps | fine-tuned: delay (s/veh) | from scratch: delay | fine-tuned: mean queue (veh) | from scratch: mean queue | fine-tuned: ' +
      'served | from scratch: served |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const st of steps)
    out.push(
      `| ${st} | ${ci(at('finetune', st))} | ${ci(at('scratch', st))} | ${ci(at('finetune', st, 'queue'))} | ${ci(at('scratch', st, 'queue'))} | ` +
        `${ci(at('finetune', st, 'served'))} | ${ci(at('scratch', st, 'served'))} |`,
    );
  const series = ['finetune', 'scratch'].map((g) => {
    const xs = steps.filter((st) => at(g, st).length > 0);
    return { name: g === 'finetune' ? 'fine-tuned (step 0 = zero-shot)' : 'from scratch', x: xs, y: xs.map((st) => summarize(at(g, st)).mean) };
  }).filter((x) => x.x.length > 0);
  const base = rows.filter((r) => !curvePoint(r.policy) && !r.policy.startsWith('ckpt:') && !/(finetune|scratch)\/s\d+\/?$/.test(r.policy));
  for (const b of [...new Set(base.map((r) => r.policy))].filter((p) => p === 'program' || p === 'max-pressure')) {
    const d = base.filter((r) => r.policy === b).map((r) => r.delay);
    series.push({ name: b, x: [0, finalStep], y: [summarize(d).mean, summarize(d).mean] });
  }
  if (series.length > 0)
    writeFileSync(
      'docs/transfer-curve.svg',
      lineChartSvg(`Jinan ${rows[0]?.signal ?? ''}: approach delay (s/veh) while training, mean of 5 seeds`, series, {
        xLabel: 'DQN steps on Jinan',
        yLabel: 'approach delay (s/veh)',
      }),
    );
  return out;
}

/** Mean episode return per episode index over the runs `dirs` (from metrics.jsonl). */
function curve(dirs: string[]): { x: number[]; y: number[] } {
  const per = dirs.map((d) => {
    const f = join(d, 'metrics.jsonl');
    if (!existsSync(f)) return [] as { step: number; ret: number }[];
    return readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; step: number; return?: number })
      .filter((r) => r.type === 'episode' && r.return !== undefined).map((r) => ({ step: r.step, ret: r.return as number }));
  });
  const n = Math.min(...per.map((p) => p.length));
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push(per.reduce((s, p) => s + (p[i]?.step ?? 0), 0) / per.length);
    y.push(per.reduce((s, p) => s + (p[i]?.ret ?? 0), 0) / per.length);
  }
  return { x, y };
}

function report(runs: string, only: string, files: string[]): void {
  const keep = only === 'all' ? undefined : new Set(only.split(','));
  const all = files.flatMap(load).filter((r) => !keep || keep.has(r.signal));
  const rows = all.filter((r) => !r.policy.startsWith('ckpt:'));
  const groups = [...new Set(rows.map((r) => groupOf(r.policy)))];
  const signals = [...new Set(rows.map((r) => r.signal))];
  const out: string[] = [];
  out.push('Per intersection: mean approach delay (s/veh) of the vehicles it served; learned policies: mean over the training seeds');
  out.push('');
  out.push(`| intersection | ${groups.join(' | ')} |`);
  out.push(`|---|${groups.map(() => '---').join('|')}|`);
  for (const s of signals)
    out.push(`| ${s} | ${groups.map((g) => ci(rows.filter((r) => r.signal === s && groupOf(r.policy) === g).map((r) => r.delay))).join(' | ')} |`);
  out.push('');
  out.push('Over all intersections evaluated (mean of per-intersection values; learned: per seed, then 95 % CI over seeds)');
  out.push('');
  out.push('| policy | approach delay (s/veh) | mean queue (veh) | vehicles served | network travel time (s) | network delay (s) | episodes |');
  out.push('|---|---|---|---|---|---|---|');
  const bars: { label: string; value: number; low?: number; high?: number }[] = [];
  for (const g of groups) {
    const mine = rows.filter((r) => groupOf(r.policy) === g);
    const pols = [...new Set(mine.map((r) => r.policy))];
    const perPolicy = (k: keyof Row): number[] =>
      pols.map((p) => {
        const xs = mine.filter((r) => r.policy === p).map((r) => r[k] as number);
        return xs.reduce((a, b) => a + b, 0) / xs.length;
      });
    out.push(
      `| ${g} | ${ci(perPolicy('delay'))} | ${ci(perPolicy('meanQueue'))} | ${ci(perPolicy('served'))} | ${ci(perPolicy('travelTime'))} | ` +
        `${ci(perPolicy('networkDelay'))} | ${mine.length} |`,
    );
    const d = perPolicy('delay');
    const s = summarize(d);
    bars.push(d.length > 1 ? { label: g, value: s.mean, low: s.low, high: s.high } : { label: g, value: s.mean });
  }
  process.stdout.write(`${out.join('\n')}\n`);
  const title =
    signals.length === 1
      ? `Jinan ${signals[0]}: approach delay (s/veh), 95 % CI over 5 seeds`
      : `Jinan, ${signals.length} intersections: mean approach delay (s/veh)`;
  const tag = signals.length === 1 ? 'target' : 'zero-shot';
  writeFileSync(`docs/transfer-${tag}.svg`, barChartSvg(title, bars, { yLabel: 'approach delay (s/veh)' }));
  if (signals.length === 1) {
    const finalStep = Math.max(0, ...all.flatMap((r) => { const p = curvePoint(r.policy); return p ? [p.step] : []; }));
    process.stdout.write(
      `\nApproach delay (s/veh) at ${signals[0]} against DQN steps on Jinan (95 % CI over seeds)\n\n${delayCurve(all, finalStep).join('\n')}\n`,
    );
    const seeds = [0, 1, 2, 3, 4];
    for (const g of ['finetune', 'scratch']) {
      const c = curve(seeds.map((k) => join(runs, g, `s${k}`)));
      if (c.x.length) process.stdout.write(`\n${g}: mean training episode return by episode: ${c.y.map((v) => fmt(v, 1)).join(', ')}\n`);
    }
  }
}

const [cmd, a, b, ...rest] = process.argv.slice(2);
if (cmd === 'eval' && a && b) await runEval(a, b, rest);
else if (cmd === 'report' && a && b) report(a, b, rest);
else {
  process.stderr.write('usage: evalTransfer.js eval OUT.json SIGNALS POLICY... | report RUNS_DIR SIGNALS OUT.json...\n');
  process.exit(2);
}
