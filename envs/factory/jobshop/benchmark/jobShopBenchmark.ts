import type { Env } from '../../../../src/core/Env.js';
import type { Policy } from '../../../../src/policy/Policy.js';
import { BEST_KNOWN_MAKESPAN } from '../bestKnown.js';
import { checkSchedule } from '../checkSchedule.js';
import { INSTANCE_TEXTS } from '../instanceTexts.js';
import { JobShopEnv } from '../JobShopEnv.js';
import { parseJobShop } from '../JobShopInstance.js';
import { ruleChoice, type JobShopRule } from '../JobShopRulePolicy.js';
import { JobShopSim, type DispatchScheme, type ScheduledOp } from '../JobShopSim.js';
import { L2D_PUBLISHED, L2D_SECONDS } from './l2dPublished.js';

/** The rules of L2D's comparison. */
export const L2D_RULES = ['spt', 'mwkr', 'fdd-mwkr', 'mopnr'] as const;
/** Dispatch schemes our rules are run under in the benchmark: L2D's environment and non-delay. */
export const BENCHMARK_RULE_SCHEMES = ['left-shift', 'non-delay'] as const;

/** Benchmark groups: Taillard's eight sizes and DMU16-20 (`dmu30x20`). */
export const BENCHMARK_GROUPS = ['15x15', '20x15', '20x20', '30x15', '30x20', '50x15', '50x20', '100x20', 'dmu30x20'] as const;

/** One instance's results. */
export interface BenchmarkInstance {
  name: string;
  group: string;
  bestKnown: number;
  makespan: number;
  seconds: number;
  l2d: number;
  published: Record<(typeof L2D_RULES)[number], number>;
  rules?: Record<string, Record<string, number>>;
}

/** One group's mean gaps to the best known makespan (fractions) and seconds per instance. */
export interface BenchmarkGroup {
  group: string;
  instances: number;
  gap: number;
  secondsPerInstance: number;
  l2dGap: number;
  l2dSecondsPerInstance: number;
  publishedRuleGaps: Record<string, number>;
  /** By scheme, by rule (when rules were run). */
  ruleGaps?: Record<string, Record<string, number>>;
}

/** What {@link runJobShopBenchmark} returns. */
export interface JobShopBenchmarkResult {
  policy: string;
  scheme: DispatchScheme;
  groups: BenchmarkGroup[];
  perInstance: BenchmarkInstance[];
}

/** Options of {@link runJobShopBenchmark}. */
export interface JobShopBenchmarkOptions {
  /** Groups to run (default all of `BENCHMARK_GROUPS`). */
  groups?: readonly string[];
  policyName: string;
  /** Builds the policy for an env (a registered baseline, the shipped `gnn`, a trained run). */
  createPolicy: (env: Env<any, any>) => Policy<any, any>;
  /** Scheme of the policy's env (default `non-delay`). */
  scheme?: DispatchScheme;
  /** Also run our SPT, MWKR, FDD/MWKR, MOPNR under `BENCHMARK_RULE_SCHEMES` (default true). */
  rules?: boolean;
  onInstance?: (done: number, total: number, name: string) => void;
}

const groupOf = (name: string, J: number, M: number): string => (name.startsWith('dmu') ? `dmu${J}x${M}` : `${J}x${M}`);

function runRule(name: string, rule: JobShopRule, scheme: DispatchScheme): number {
  const sim = new JobShopSim(parseJobShop(INSTANCE_TEXTS[name], name), scheme);
  while (!sim.done) sim.dispatch(ruleChoice(sim, rule, sim.mask));
  return sim.makespan();
}

/** Runs one episode of the policy on a shipped instance; returns its checked schedule's makespan and the wall time. */
function runPolicy(name: string, opts: JobShopBenchmarkOptions): { makespan: number; seconds: number } {
  const t0 = performance.now();
  const env = new JobShopEnv({ instance: name, scheme: opts.scheme ?? 'non-delay' });
  const policy = opts.createPolicy(env);
  policy.reset?.(0);
  let [obs, info] = env.reset({ seed: 0 });
  for (;;) {
    const [o, , terminated, truncated, i] = env.step(policy.act(obs, info) as number);
    obs = o;
    info = i;
    if (terminated || truncated) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const problem = checkSchedule(env.instance, info.schedule as ScheduledOp[]);
  if (problem !== '') throw new Error(`${opts.policyName} produced an infeasible schedule on ${name}: ${problem}`);
  return { makespan: info.makespan as number, seconds };
}

/**
 * The Taillard (and DMU16-20) benchmark of L2D's table: runs the policy once on every instance of the
 * chosen groups (deterministic, timing the whole episode, checking each schedule's feasibility), and
 * optionally our four rules; returns per-group mean gaps to the best known makespans beside L2D's and
 * the rules' published ones.
 *
 * @example
 * ```ts
 * const r = runJobShopBenchmark({ groups: ['15x15'], policyName: 'gnn', createPolicy: (env) => makePolicy('gnn', 'JobShop-v0', env) });
 * r.groups[0].gap; // mean gap, e.g. 0.15
 * ```
 */
export function runJobShopBenchmark(opts: JobShopBenchmarkOptions): JobShopBenchmarkResult {
  const wanted = new Set(opts.groups ?? BENCHMARK_GROUPS);
  const rows = L2D_PUBLISHED.filter(([name]) => {
    const inst = parseJobShop(INSTANCE_TEXTS[name], name);
    return wanted.has(groupOf(name, inst.nJobs, inst.nMachines));
  });
  const perInstance: BenchmarkInstance[] = [];
  rows.forEach(([name, spt, mwkr, fdd, mopnr, l2d, l2d30], idx) => {
    const inst = parseJobShop(INSTANCE_TEXTS[name], name);
    const { makespan, seconds } = runPolicy(name, opts);
    const row: BenchmarkInstance = {
      name, group: groupOf(name, inst.nJobs, inst.nMachines), bestKnown: BEST_KNOWN_MAKESPAN[name], makespan, seconds,
      l2d: l2d30 ?? l2d, published: { spt, mwkr, 'fdd-mwkr': fdd, mopnr },
    };
    if (opts.rules ?? true) {
      row.rules = {};
      for (const scheme of BENCHMARK_RULE_SCHEMES) row.rules[scheme] = Object.fromEntries(L2D_RULES.map((r) => [r, runRule(name, r, scheme)]));
    }
    perInstance.push(row);
    opts.onInstance?.(idx + 1, rows.length, name);
  });
  const groups: BenchmarkGroup[] = [];
  for (const g of BENCHMARK_GROUPS) {
    const rs = perInstance.filter((r) => r.group === g);
    if (rs.length === 0) continue;
    const mean = (f: (r: BenchmarkInstance) => number): number => rs.reduce((a, r) => a + f(r), 0) / rs.length;
    const gap = (f: (r: BenchmarkInstance) => number): number => mean((r) => (f(r) - r.bestKnown) / r.bestKnown);
    const group: BenchmarkGroup = {
      group: g, instances: rs.length, gap: gap((r) => r.makespan), secondsPerInstance: mean((r) => r.seconds),
      l2dGap: gap((r) => r.l2d), l2dSecondsPerInstance: L2D_SECONDS[g],
      publishedRuleGaps: Object.fromEntries(L2D_RULES.map((rule) => [rule, gap((r) => r.published[rule])])),
    };
    if (rs[0]?.rules) {
      group.ruleGaps = Object.fromEntries(
        BENCHMARK_RULE_SCHEMES.map((s) => [s, Object.fromEntries(L2D_RULES.map((rule) => [rule, gap((r) => r.rules?.[s]?.[rule] ?? NaN)]))]),
      );
    }
    groups.push(group);
  }
  return { policy: opts.policyName, scheme: opts.scheme ?? 'non-delay', groups, perInstance };
}
