/**
 * Load test of the policy server with Debian's `wrk` (`apt-get install wrk`): starts `tsgym serve` in
 * this process on a free 127.0.0.1 port with a traffic-sized policy (TrafficSignal-v0 with 4 lanes per
 * arm: a 37-feature observation, a 37-64-64-4 relu MLP), runs `wrk` against `POST /act` for a bounded
 * time, prints requests/s and latency percentiles, and stops.
 *
 *     node dist/src/serve/loadTest.js [--duration 10] [--connections 32] [--threads 2] [--think-ms 0] [--json]
 *
 * @example
 * ```sh
 * npm run build:lib && node dist/src/serve/loadTest.js --duration 10
 * ```
 * @packageDocumentation
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { join } from 'node:path';
import type { SerializedMlp, SerializedMlpLayer } from '../policy/MlpPolicy.js';
import { Rng } from '../rng/Rng.js';
import { startPolicyServer } from './PolicyServer.js';

/** Result of one load-test run. */
export interface LoadTestResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSec: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Socket errors, timeouts and non-2xx responses seen by wrk. */
  readonly errors: number;
  readonly connections: number;
  readonly threads: number;
  /** Think time of each connection between a response and its next request (0: closed loop at full speed). */
  readonly thinkMs: number;
  /** Mean observations per forward pass on the server. */
  readonly meanBatch: number;
  /** CPU time of the server process (user + system) per answered request, microseconds: load-independent. */
  readonly serverCpuUsPerRequest: number;
  /** Latency inside the server (request event to response handed to the socket), from its histogram. */
  readonly serverP50Ms: number;
  readonly serverP99Ms: number;
  /** Event-loop delay of the server process (perf_hooks.monitorEventLoopDelay, 1 ms resolution timer). */
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  /** Garbage-collection pauses during the measured run. */
  readonly gcPauses: number;
  readonly gcTotalMs: number;
  readonly gcMaxMs: number;
  /** 1-minute load average of the machine at the end (the machine is shared: above 2 the server lacked a core). */
  readonly loadAverage: number;
  readonly scenario: string;
}

/** Options of `runLoadTest`. */
export interface LoadTestOptions {
  /** Measured seconds (after a warm-up that is not counted, see WARMUP_MAX_S). */
  readonly duration: number;
  readonly connections: number;
  readonly threads: number;
  /**
   * Milliseconds each connection waits after a response before its next request (wrk's `delay()` hook,
   * whole ms): paces the offered load at about `connections / (thinkMs + latency)` requests/s instead of
   * saturating the server. 0 (default): closed loop at full speed.
   */
  readonly thinkMs?: number;
  /** Longest warm-up in seconds (default WARMUP_MAX_S = 10; quick runs use less). */
  readonly warmupMaxS?: number;
}

const OBS = 37;
/**
 * Warm-up before the measured run, in 1 s rounds of the same load (not counted): JIT compilation,
 * connection set-up, and the growth of V8's heap (the young generation doubles a few times under this
 * load, and the scavenge that grows the heap pauses the server for ~13-16 ms once, 2-5 s in). Rounds
 * stop when the committed heap size has not changed for 2 rounds (at most WARMUP_MAX_S), so the measured
 * run is steady state.
 */
const WARMUP_MAX_S = 10;

function heapSize(): number {
  return getHeapStatistics().total_heap_size;
}
const HIDDEN = 64;
const ACTIONS = 4;

function layer(rng: Rng, i: number, o: number, activation: SerializedMlpLayer['activation']): SerializedMlpLayer {
  const s = Math.sqrt(2 / i);
  return { inputSize: i, outputSize: o, activation, weights: Array.from({ length: i * o }, () => rng.normal(0, s)), bias: Array.from({ length: o }, () => 0) };
}

/** The traffic-sized network of the load test (seeded). */
export function trafficSizedNetwork(seed = 0): SerializedMlp {
  const rng = new Rng(seed);
  return {
    format: 'tsgym-mlp', version: 1, output: 'q',
    layers: [layer(rng, OBS, HIDDEN, 'relu'), layer(rng, HIDDEN, HIDDEN, 'relu'), layer(rng, HIDDEN, ACTIONS, 'linear')],
    observationSpace: { type: 'Box', low: Array<number>(OBS).fill(0), high: Array<number>(OBS).fill(1), shape: [OBS], dtype: 'float32' },
    actionSpace: { type: 'Discrete', n: ACTIONS, start: 0 },
    obsNormalization: { mean: Array<number>(OBS).fill(0.3), var: Array<number>(OBS).fill(0.04), clip: 10, epsilon: 1e-8 },
  };
}

/** Whether `wrk` is on the PATH. */
export function hasWrk(): boolean {
  const r = spawnSync('wrk', ['-v'], { stdio: 'ignore' });
  return r.error === undefined;
}

/**
 * Serves the traffic-sized policy on 127.0.0.1 and measures it with wrk; resolves with the figures.
 *
 * @example
 * ```ts
 * const r = await runLoadTest({ duration: 10, connections: 32, threads: 2 });
 * console.log(r.requestsPerSec, r.p99Ms);
 * ```
 */
export async function runLoadTest(o: LoadTestOptions): Promise<LoadTestResult> {
  const think = o.thinkMs ?? 0;
  if (!Number.isInteger(think) || think < 0)
    throw new RangeError(`thinkMs must be a whole number of milliseconds >= 0 (wrk's delay() has ms resolution), got ${think}`);
  const dir = mkdtempSync(join(tmpdir(), 'tsgym-loadtest-'));
  const net = trafficSizedNetwork(0);
  writeFileSync(join(dir, 'policy.json'), JSON.stringify(net));
  // An observation within 0.9 training standard deviations of the training mean in every feature
  // (mean 0.3, std 0.2): the normal operating case, no drift flagged (the drift monitor averages the
  // z-score per feature, and one fixed observation is its own average); a drifting feed adds a drift
  // report to every answer.
  const rng = new Rng(1);
  const obs = Array.from({ length: OBS }, () => Math.round((0.3 + 0.2 * rng.uniform(-0.9, 0.9)) * 1000) / 1000);
  const lua = join(dir, 'post.lua');
  writeFileSync(lua, [
    'wrk.method = "POST"',
    `wrk.body = '${JSON.stringify({ obs })}'`,
    'wrk.headers["Content-Type"] = "application/json"',
    ...(think > 0 ? [`delay = function() return ${think} end`] : []),
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format("\\nRESULT {\\"requests\\":%d,\\"us\\":%d,\\"p50\\":%d,\\"p90\\":%d,\\"p99\\":%d,\\"max\\":%d,\\"errors\\":%d}\\n",',
    '    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,',
    '    e.connect + e.read + e.write + e.status + e.timeout))',
    'end',
    '',
  ].join('\n'));
  const server = await startPolicyServer({ runDir: dir, port: 0, watch: false });
  const runWrk = (seconds: number): Promise<string> =>
    new Promise<string>((done, fail) => {
      const child = spawn('wrk', [`-t${o.threads}`, `-c${o.connections}`, `-d${seconds}s`, '-s', lua, `${server.url}/act`], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
      child.on('error', fail);
      child.on('close', (code) => (code === 0 ? done(text) : fail(new Error(`wrk exited with code ${code}: ${text}`))));
    });
  const gc = { n: 0, total: 0, max: 0 };
  const obsGc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.n++;
      gc.total += e.duration;
      gc.max = Math.max(gc.max, e.duration);
    }
  });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  try {
    let warm = 0;
    for (let same = 0, last = -1; warm < (o.warmupMaxS ?? WARMUP_MAX_S) && same < 2; warm++) {
      await runWrk(1);
      const size = heapSize();
      same = size === last ? same + 1 : 0;
      last = size;
    }
    server.metrics.resetLatency();
    const batches0 = server.metrics.batches;
    const batched0 = server.metrics.batchedRequests;
    const served0 = server.metrics.count('/act', 200);
    obsGc.observe({ entryTypes: ['gc'] });
    loop.enable();
    const cpu0 = process.cpuUsage();
    const out = await runWrk(o.duration);
    const cpu = process.cpuUsage(cpu0);
    loop.disable();
    obsGc.disconnect();
    const m = /RESULT (\{.*\})/.exec(out);
    if (!m) throw new Error(`Cannot read wrk's output: ${out}`);
    const r = JSON.parse(m[1] ?? '{}') as { requests: number; us: number; p50: number; p90: number; p99: number; max: number; errors: number };
    const seconds = r.us / 1e6;
    const served = server.metrics.count('/act', 200) - served0;
    const batches = server.metrics.batches - batches0;
    const pacing =
      think > 0
        ? `, each connection waiting ${think} ms after a response before its next request (paced closed loop)`
        : ' (closed loop at full speed: saturates the server)';
    return {
      requests: r.requests, seconds, requestsPerSec: r.requests / seconds, p50Ms: r.p50 / 1000, p90Ms: r.p90 / 1000, p99Ms: r.p99 / 1000, maxMs: r.max / 1000,
      errors: r.errors, connections: o.connections, threads: o.threads, thinkMs: think,
      meanBatch: batches > 0 ? (server.metrics.batchedRequests - batched0) / batches : 0,
      serverCpuUsPerRequest: served > 0 ? (cpu.user + cpu.system) / served : NaN,
      serverP50Ms: server.metrics.latencyQuantile(0.5) * 1e3,
      serverP99Ms: server.metrics.latencyQuantile(0.99) * 1e3,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      loopDelayMaxMs: loop.max / 1e6,
      gcPauses: gc.n, gcTotalMs: gc.total, gcMaxMs: gc.max,
      loadAverage: loadavg()[0] ?? NaN,
      scenario: `POST /act on 127.0.0.1, ${OBS}-${HIDDEN}-${HIDDEN}-${ACTIONS} relu MLP with obsNormalization (TrafficSignal-v0, 4 lanes per arm), wrk ` +
        `-t${o.threads} -c${o.connections} -d${o.duration}s${pacing}, after ${warm} s warm-up (until the heap stopped growing)`,
    };
  } finally {
    loop.disable();
    obsGc.disconnect();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function arg(name: string, def: number, min = 1): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  if (!Number.isInteger(v) || v < min) throw new Error(`Invalid ${name} '${process.argv[i + 1] ?? ''}': expected a positive integer`);
  return v;
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  if (!hasWrk()) {
    process.stderr.write('loadTest: wrk is not installed (Debian: apt-get install -y wrk)\n');
    process.exitCode = 3;
  } else {
    const r = await runLoadTest({
      duration: arg('--duration', 10),
      connections: arg('--connections', 32),
      threads: arg('--threads', 2),
      thinkMs: arg('--think-ms', 0, 0),
    });
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(r)}\n`);
    else {
      process.stdout.write(`${r.scenario}\n`);
      process.stdout.write(
        `requests/s ${r.requestsPerSec.toFixed(0)} (${r.requests} in ${r.seconds.toFixed(2)} s), latency p50 ${r.p50Ms.toFixed(2)} ms, p90 ` +
          `${r.p90Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(2)} ms, errors ${r.errors}, mean batch ${r.meanBatch.toFixed(2)}\n`,
      );
      process.stdout.write(
        `inside the server: p50 ${r.serverP50Ms.toFixed(2)} ms, p99 ${r.serverP99Ms.toFixed(2)} ms; event-loop delay p99 ` +
          `${r.loopDelayP99Ms.toFixed(2)} ms, max ${r.loopDelayMaxMs.toFixed(2)} ms; GC ${r.gcPauses} pauses, ${r.gcTotalMs.toFixed(1)} ms in all, longest ` +
            `${r.gcMaxMs.toFixed(2)} ms\n`,
      );
      process.stdout.write(
        `server CPU ${r.serverCpuUsPerRequest.toFixed(1)} us per request (${(1e6 / r.serverCpuUsPerRequest).toFixed(0)} requests per CPU second); load ` +
          `average ${r.loadAverage.toFixed(2)} on this shared machine\n`,
      );
      process.stdout.write(`target >= 5000 req/s with p99 < 5 ms: ${r.requestsPerSec >= 5000 && r.p99Ms < 5 ? 'met' : 'NOT met'}\n`);
    }
  }
}
