/**
 * `npm run soak`: long-run checks that memory stays bounded (issue 10). Two phases, each printing the
 * V8 heap in use (after a forced garbage collection) over time:
 * 1. the factory line: `FactoryLine-v0` (`parallel-breakdowns`: breakdowns, maintenance, CONWIP) for
 *    `--days` simulated days (default 10) in one episode, actions drawn from the action mask;
 * 2. DQN on CartPole-v1 for `--dqn-steps` env steps (default 1,000,000), also printing
 *    `tf.memory().numTensors`. The agent acts on a synchronous vector env of `--num-envs` CartPole copies
 *    (default 10: one batched forward pass per 10 env steps) and makes one gradient step per 10 env steps
 *    whatever the env count (`trainFreq`/`gradientSteps` are scaled), so the amount of learning per env
 *    step is that of the single-env configuration (`--num-envs 1`).
 * After a warm-up (the first sample of each phase) the heap may grow by at most `HEAP_BOUND_MB` and the
 * tensor count by at most `TENSOR_BOUND`; otherwise the process exits with code 1. `--json` prints one
 * JSON summary at the end. Each sample also records the process CPU time and the 1-minute load average.
 * Run with `node dist/src/cli/soak.js [--days N] [--dqn-steps N] [--num-envs N] [--json]`.
 *
 * @example
 * ```sh
 * npm run build && node dist/src/cli/soak.js --days 10 --dqn-steps 1000000
 * ```
 * @packageDocumentation
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import '../../envs/index.js';
import { DQN } from '../../agents/dqn.js';
import { loadTf } from '../../agents/loadTf.js';
import type { Callback } from '../../agents/common/callbacks.js';
import { make } from '../registry/registry.js';
import { Rng } from '../rng/Rng.js';
import { InvalidConfig } from '../core/errors.js';
import { makeVec } from '../vector/makeVec.js';
import type { FactoryLineEnv } from '../../envs/factory/FactoryLineEnv.js';

/** Heap growth allowed after warm-up, in MB. */
export const HEAP_BOUND_MB = 32;
/** Growth of `tf.memory().numTensors` allowed after warm-up. */
export const TENSOR_BOUND = 4;

interface Sample {
  at: number;
  heapMB: number;
  numTensors?: number;
  /** DQN only: gradient steps so far (warm-up ends with the first sample after learning started). */
  gradSteps?: number;
  /** Process CPU time (user + system, all threads) since the phase started, in seconds. */
  cpuS: number;
  /** Wall time since the phase started, in seconds. */
  wallS: number;
  /** 1-minute load average of the machine when the sample was taken. */
  load1: number;
}

function stamp(t0: number, c0: NodeJS.CpuUsage): { cpuS: number; wallS: number; load1: number } {
  const c = process.cpuUsage(c0);
  return { cpuS: (c.user + c.system) / 1e6, wallS: (performance.now() - t0) / 1000, load1: loadavg()[0] ?? 0 };
}

/** Gradient steps per env step of the soak's DQN, whatever `--num-envs`: one per `GRAD_EVERY`. */
export const GRAD_EVERY = 10;

/** `trainFreq` (in vector steps) and `gradientSteps` giving one gradient step per {@link GRAD_EVERY} env steps. */
export function dqnSchedule(numEnvs: number): { trainFreq: number; gradientSteps: number } {
  if (Number.isInteger(numEnvs) && numEnvs >= 1) {
    if (GRAD_EVERY % numEnvs === 0) return { trainFreq: GRAD_EVERY / numEnvs, gradientSteps: 1 };
    if (numEnvs % GRAD_EVERY === 0) return { trainFreq: 1, gradientSteps: numEnvs / GRAD_EVERY };
  }
  throw new InvalidConfig(`Invalid --num-envs ${numEnvs}: expected a divisor or a multiple of ${GRAD_EVERY} (1, 2, 5, 10, 20, ...)`);
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return def;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`Invalid ${name} '${process.argv[i + 1] ?? ''}': expected a non-negative number`);
  return v;
}

const json = process.argv.includes('--json');
const log = (s: string): void => {
  if (!json) process.stdout.write(`${s}\n`);
};

/** Growth of `key` after the first sample (the warm-up), or 0 for fewer than two samples. */
function growth(samples: readonly Sample[], key: 'heapMB' | 'numTensors'): number {
  const first = samples[0]?.[key] ?? 0;
  let max = first;
  for (const s of samples) max = Math.max(max, s[key] ?? 0);
  return max - first;
}

function soakFactory(days: number): { samples: Sample[]; steps: number; jobs: number; seconds: number } {
  const horizon = days * 86_400;
  const env = make('FactoryLine-v0', { scenario: 'parallel-breakdowns', horizon });
  const line = env.unwrapped as FactoryLineEnv;
  const rng = new Rng(1);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  env.reset({ seed: 1 });
  const samples: Sample[] = [];
  const every = 86_400 / 2; // twice a simulated day
  let next = every;
  let steps = 0;
  for (;;) {
    const [, , term, trunc] = env.step(line.actionSpace.sample(rng));
    steps++;
    if (line.sim.now >= next || term || trunc) {
      const s = { at: line.sim.now / 86_400, heapMB: heapMB(), ...stamp(t0, c0) };
      samples.push(s);
      log(`factory  day ${s.at.toFixed(1).padStart(5)}  steps ${String(steps).padStart(9)}  heapUsed ${s.heapMB.toFixed(1)} MB`);
      next += every;
    }
    if (term || trunc) break;
  }
  const jobs = line.sim.cumCompleted;
  env.close();
  return { samples, steps, jobs, seconds: (performance.now() - t0) / 1000 };
}

async function soakDqn(
  totalSteps: number,
  numEnvs: number,
): Promise<{ samples: Sample[]; seconds: number; cpuSeconds: number; backend: string; numEnvs: number; gradientSteps: number; episodes: number }> {
  const tf = await loadTf();
  const { trainFreq, gradientSteps } = dqnSchedule(numEnvs);
  const env = numEnvs === 1 ? make('CartPole-v1') : makeVec('CartPole-v1', numEnvs, { mode: 'sync' });
  let episodes = 0;
  const agent = await DQN.create(env, {
    // bufferSize is per env (the buffer holds bufferSize * numEnvs transitions): 100,000 transitions in all
    seed: 1,
    learningRate: 2.3e-3,
    batchSize: 64,
    bufferSize: Math.ceil(100_000 / numEnvs),
    learningStarts: 1000,
    trainFreq,
    gradientSteps,
    targetUpdateInterval: 500,
    explorationFraction: 0.1,
    explorationFinalEps: 0.04,
    netArch: [64, 64],
    logInterval: 1_000_000,
  });
  const samples: Sample[] = [];
  const chunk = Math.ceil(Math.max(2000, totalSteps / 25) / numEnvs) * numEnvs;
  const count: Callback[] = [
    {
      onLog: (r) => {
        if (r.type === 'episode') episodes++;
      },
    },
  ];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (agent.numTimesteps < totalSteps) {
    const n = Math.min(chunk, totalSteps - agent.numTimesteps);
    await agent.learn({ totalTimesteps: n, horizon: totalSteps, callbacks: count });
    const done = agent.numTimesteps;
    const s = { at: done, heapMB: heapMB(), numTensors: tf.memory().numTensors, gradSteps: agent.numGradientSteps, ...stamp(t0, c0) };
    samples.push(s);
    log(
      `dqn      step ${String(done).padStart(8)}  heapUsed ${s.heapMB.toFixed(1)} MB  numTensors ${s.numTensors}  grad steps ` +
        `${agent.numGradientSteps}  loss ${agent.lastLoss.toPrecision(3)}  episodes ${episodes}  cpu ${s.cpuS.toFixed(0)} s  wall ` +
          `${s.wallS.toFixed(0)} s  load ${s.load1.toFixed(1)}`,
    );
  }
  await env.close();
  const end = stamp(t0, c0);
  return { samples, seconds: end.wallS, cpuSeconds: end.cpuS, backend: tf.getBackend(), numEnvs, gradientSteps: agent.numGradientSteps, episodes };
}

const days = arg('--days', 10);
const dqnSteps = arg('--dqn-steps', 1_000_000);
const numEnvs = arg('--num-envs', 10);
const failures: string[] = [];
const factory = days > 0 ? soakFactory(days) : undefined;
if (factory) {
  const g = growth(factory.samples, 'heapMB');
  log(
    `factory: ${days} simulated days, ${factory.steps} decisions, ${factory.jobs} jobs, ${factory.seconds.toFixed(1)} s; heap growth after day 0.5: ` +
      `${g.toFixed(1)} MB (bound ${HEAP_BOUND_MB})`,
  );
  if (g > HEAP_BOUND_MB) failures.push(`factory heap grew ${g.toFixed(1)} MB after warm-up (bound ${HEAP_BOUND_MB} MB)`);
}
const dqn = dqnSteps > 0 ? await soakDqn(dqnSteps, numEnvs) : undefined;
if (dqn) {
  // warm-up: until the first sample after learning started (Adam creates its slot tensors on the first update)
  const learning = dqn.samples.filter((s) => (s.gradSteps ?? 0) > 0);
  if (learning.length < 2) failures.push(`DQN ran too few steps to judge growth (${learning.length} samples after learning started)`);
  const g = growth(learning, 'heapMB');
  const t = growth(learning, 'numTensors');
  log(
    `dqn: ${dqnSteps} env steps (${dqn.numEnvs} envs, ${dqn.gradientSteps} gradient steps, ${dqn.episodes} episodes) on ` +
      `${dqn.backend}, ${dqn.seconds.toFixed(0)} s wall, ${dqn.cpuSeconds.toFixed(0)} s CPU; heap growth after warm-up: ${g.toFixed(1)} MB (bound ` +
        `${HEAP_BOUND_MB}), tensor growth: ${t} (bound ${TENSOR_BOUND})`,
  );
  if (g > HEAP_BOUND_MB) failures.push(`DQN heap grew ${g.toFixed(1)} MB after warm-up (bound ${HEAP_BOUND_MB} MB)`);
  if (t > TENSOR_BOUND) failures.push(`DQN tf.memory().numTensors grew by ${t} after warm-up (bound ${TENSOR_BOUND})`);
}
if (json) process.stdout.write(`${JSON.stringify({ days, dqnSteps, factory, dqn, bounds: { heapMB: HEAP_BOUND_MB, numTensors: TENSOR_BOUND }, failures })}\n`);
for (const f of failures) process.stderr.write(`soak: FAIL: ${f}\n`);
if (!json) log(failures.length === 0 ? 'soak: OK' : 'soak: FAILED');
process.exitCode = failures.length === 0 ? 0 : 1;
