import { type FSWatcher, watch } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InvalidConfig, InvalidObservation } from '../core/errors.js';
import { toFrameExplanation } from '../explain/frameExplanation.js';
import { runPolicyFile } from '../eval/runDir.js';
import { bindAddress } from './bindAddress.js';
import { guardConnections, hostAllowed, type ConnectionLimits } from './connectionGuard.js';
import { DriftMonitor } from './DriftMonitor.js';
import { MicroBatcher } from './MicroBatcher.js';
import { parseObservation } from './parseObservation.js';
import type { ServedModel } from './ServedModel.js';
import { loadServed, ServedPolicy } from './ServedPolicy.js';
import { ServeMetrics } from './ServeMetrics.js';
import { tokenMatches } from './tokenMatches.js';

/** Options of `startPolicyServer`. */
export interface PolicyServerOptions {
  /**
   * A run directory (served: its best model, else its final one; see runPolicyFile), a model directory or a
   * `policy.json` (a SerializedMlp, or a network of a registered format that can be served).
   */
  readonly runDir: string;
  /** Port (default 0: a free one). */
  readonly port?: number;
  /** Interface; anything beyond loopback needs `token` (default 127.0.0.1). */
  readonly host?: string;
  /** Bearer token required on `/act` and `/metrics` when given. */
  readonly token?: string;
  /** Drift threshold on the running z-score (default 1). */
  readonly driftThreshold?: number;
  /** Observations in the drift average (default 1000). */
  readonly driftWindow?: number;
  /** Names of the flat observation features (drift labels); default `x[i]`. */
  readonly featureNames?: readonly string[];
  /** Largest micro-batch (default 256). */
  readonly maxBatch?: number;
  /** Reload when policy.json changes (default true). */
  readonly watch?: boolean;
  /** Largest request body in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** Connection cap, per-address cap and timeouts against clients that hold connections (see guardConnections). */
  readonly limits?: ConnectionLimits;
  /** Log lines (reloads, reload errors); default none. */
  readonly log?: (line: string) => void;
}

interface Pending {
  readonly model: ServedModel | ServedPolicy;
  readonly obs: unknown;
  /** `?explain=1`: add the explanation of the decision. */
  readonly explain: boolean;
  readonly res: ServerResponse;
  /** `performance.now()` when the request arrived (a double: no BigInt per request). */
  readonly t0: number;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** A number as JSON writes it (non-finite numbers become null, as JSON.stringify does). */
function jsonNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : 'null';
}

/** `{"action":A,"values":[...],"modelVersion":"V"[,"drift":D]}` without building an object (the hot path of /act). */
function answerJson(action: number | number[], values: readonly number[], version: string, driftJson: string | undefined): string {
  let s = '{"action":';
  if (typeof action === 'number') s += jsonNumber(action);
  else {
    s += '[';
    for (let k = 0; k < action.length; k++) s += (k > 0 ? ',' : '') + jsonNumber(action[k]);
    s += ']';
  }
  s += ',"values":[';
  for (let k = 0; k < values.length; k++) s += (k > 0 ? ',' : '') + jsonNumber(values[k]);
  return `${s}],"modelVersion":${JSON.stringify(version)}${driftJson === undefined ? '' : `,"drift":${driftJson}`}}`;
}

/**
 * The policy server behind `tsgym serve`: `POST /act` with `{ "obs": OBS }` (or a bare array/number)
 * answers `{ action, values, modelVersion }` (`POST /act?explain=1` adds `explanation`: the gradient x
 * input attribution of the decision, see MlpExplainer) (plus `drift` when the observations drift from the
 * training statistics, also in the `X-Tsgym-Drift` header); malformed or out-of-space observations get
 * 400 with a message naming the problem. Concurrent requests are answered by one forward pass per
 * event-loop turn (MicroBatcher). `GET /metrics` serves Prometheus text, `GET /healthz` the state.
 * `reload()` (also on policy.json changes and, from the CLI, SIGHUP) swaps the model between batches:
 * a request is answered by the model it was validated against, none is dropped.
 *
 * @example
 * ```ts
 * const server = await startPolicyServer({ runDir: 'runs/dqn-signal', port: 8080 });
 * // curl -s localhost:8080/act -d '{"obs":[0,1,0.3,0.2]}'  ->  {"action":1,"values":[...],"modelVersion":"3fa2..."}
 * await server.close();
 * ```
 */
export class PolicyServer {
  readonly metrics = new ServeMetrics();
  readonly host: string;
  readonly policyFile: string;
  model: ServedModel | ServedPolicy;
  drift: DriftMonitor | undefined;
  reloadsOk = 0;
  reloadsFailed = 0;
  /** Open connections now and connections evicted so far (see guardConnections). */
  readonly connections: ReturnType<typeof guardConnections>;
  private readonly token: string | undefined;
  private readonly batcher: MicroBatcher<Pending>;
  private readonly http: Server;
  private watcher: FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private rawBuf: Float64Array;
  private readonly log: (line: string) => void;

  constructor(private readonly opts: PolicyServerOptions) {
    const b = bindAddress({ host: opts.host, token: opts.token });
    this.host = b.host;
    this.token = b.token;
    this.log = opts.log ?? (() => undefined);
    this.policyFile = runPolicyFile(opts.runDir);
    this.model = loadServed(this.policyFile);
    this.drift = this.driftFor(this.model);
    this.rawBuf = new Float64Array(this.model instanceof ServedPolicy ? 0 : this.model.inputSize);
    this.batcher = new MicroBatcher((items) => this.answer(items), opts.maxBatch ?? 256);
    // timeouts are enforced on this interval (Node's default is 30 s)
    this.http = createServer({ connectionsCheckingInterval: 500 }, (req, res) => this.handle(req, res));
    this.connections = guardConnections(this.http, opts.limits);
  }

  /** The bound port. */
  get port(): number {
    return (this.http.address() as AddressInfo | null)?.port ?? 0;
  }

  /** `http://host:port`. */
  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /** Starts listening (and watching policy.json). */
  async listen(): Promise<void> {
    await new Promise<void>((done, fail) => {
      this.http.once('error', (e: NodeJS.ErrnoException) => {
        const where = `${this.host}:${this.opts.port ?? 0}`;
        if (e.code === 'EADDRINUSE') fail(new InvalidConfig(`Cannot listen on ${where}: the port is in use (choose another --port, or 0 for a free one)`));
        else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EACCES')
          fail(new InvalidConfig(`Cannot listen on ${where}: ${e.code} (${e.message})`));
        else fail(e);
      });
      this.http.listen(this.opts.port ?? 0, this.host, () => {
        this.http.removeAllListeners('error');
        done();
      });
    });
    if (this.opts.watch ?? true) {
      const file = basename(this.policyFile);
      this.watcher = watch(dirname(this.policyFile), (_ev, name) => {
        if (name !== null && name !== file) return;
        clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => this.reload(), 50);
      });
    }
  }

  /**
   * Loads policy.json again; swaps the model when it loads and differs. A bad file keeps the old model
   * (counted in `tsgym_serve_model_reloads_total{result="error"}`). Returns whether the model changed.
   */
  reload(): boolean {
    let next: ServedModel | ServedPolicy;
    try {
      next = loadServed(this.policyFile);
    } catch (e) {
      this.reloadsFailed++;
      this.log(`reload failed, still serving ${this.model.version}: ${(e as Error).message}`);
      return false;
    }
    if (next.version === this.model.version) return false;
    const old = this.model.version;
    this.model = next;
    this.drift = this.driftFor(next);
    this.rawBuf = new Float64Array(next instanceof ServedPolicy ? 0 : next.inputSize);
    this.reloadsOk++;
    this.log(`model ${old} -> ${next.version}`);
    return true;
  }

  /** Stops watching and listening; waits for open connections to finish. */
  async close(): Promise<void> {
    clearTimeout(this.reloadTimer);
    this.watcher?.close();
    this.http.closeIdleConnections();
    await new Promise<void>((done) => this.http.close(() => done()));
  }

  private driftFor(m: ServedModel | ServedPolicy): DriftMonitor | undefined {
    if (m instanceof ServedPolicy) return undefined;
    const n = m.network.obsNormalization;
    if (n === undefined) return undefined;
    return new DriftMonitor(n.mean, n.var, n.epsilon, {
      threshold: this.opts.driftThreshold,
      window: this.opts.driftWindow,
      featureNames: this.opts.featureNames,
    });
  }

  private finish(res: ServerResponse, route: string, status: number, body: string, t0: number, headers: Record<string, string> = JSON_HEADERS): void {
    res.writeHead(status, headers);
    res.end(body);
    this.metrics.request(route, status, (performance.now() - t0) / 1e3);
  }

  private fail(res: ServerResponse, route: string, status: number, message: string, t0: number, extra: Record<string, string> = {}): void {
    this.finish(res, route, status, JSON.stringify({ error: message }), t0, { ...JSON_HEADERS, ...extra });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const t0 = performance.now();
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    const path = qi < 0 ? url : url.slice(0, qi);
    const query = qi < 0 ? '' : url.slice(qi + 1);
    const route = path === '/act' || path === '/metrics' || path === '/healthz' ? path : 'other';
    if (!hostAllowed(this.host, this.port, req.headers.host))
      return this.fail(res, route, 403, `Forbidden Host '${req.headers.host ?? ''}': expected 127.0.0.1:${this.port} or localhost:${this.port}`, t0);
    if (route === 'other') return this.fail(res, route, 404, `No route ${path}: expected POST /act, GET /metrics or GET /healthz`, t0);
    const method = route === '/act' ? 'POST' : 'GET';
    if (req.method !== method) return this.fail(res, route, 405, `${route} takes ${method}, got ${req.method ?? '?'}`, t0, { allow: method });
    if (route === '/healthz') {
      return this.finish(
        res,
        route,
        200,
        JSON.stringify({ ok: true, modelVersion: this.model.version, reloads: this.reloadsOk, drifting: this.drift?.drifting ?? false }),
        t0,
      );
    }
    if (this.token !== undefined && !tokenMatches(req.headers.authorization, this.token)) {
      return this.fail(res, route, 401, 'Missing or wrong bearer token (send "Authorization: Bearer TOKEN")', t0, { 'www-authenticate': 'Bearer' });
    }
    if (route === '/metrics') {
      const d = this.drift;
      const text = this.metrics.render({
        modelVersion: this.model.version, reloadsOk: this.reloadsOk, reloadsFailed: this.reloadsFailed,
        driftFeatures: d?.featureNames, driftZ: d?.z, driftSamples: d?.samples, drifting: d?.drifting,
      });
      return this.finish(res, route, 200, text, t0, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    }
    const limit = this.opts.maxBodyBytes ?? 1 << 20;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (tooBig) return this.fail(res, route, 413, `Request body of ${size} bytes exceeds the limit of ${limit}`, t0);
      this.enqueue(
        res,
        query !== '' && /(?:^|&)explain=(?:1|true)(?:&|$)/.test(query),
        chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'),
        t0,
      );
    });
    req.on('error', () => res.destroy());
  }

  private enqueue(res: ServerResponse, explain: boolean, text: string, t0: number): void {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      return this.fail(res, '/act', 400, `Body is not valid JSON: ${(e as Error).message}`, t0);
    }
    let json: unknown = body;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const keys = Object.keys(body);
      if (keys.length !== 1 || keys[0] !== 'obs')
        return this.fail(
          res,
          '/act',
          400,
          `Body must be {"obs": OBSERVATION} (or a bare array or number), got keys ${keys.map((k) => JSON.stringify(k)).join(', ') || '(none)'}`,
          t0,
        );
      json = (body as { obs: unknown }).obs;
    }
    const model = this.model;
    let obs: unknown;
    try {
      obs = model instanceof ServedPolicy ? model.parse(json) : parseObservation(model.observationSpace, json);
    } catch (e) {
      if (e instanceof InvalidObservation) {
        const why =
          model instanceof ServedPolicy
            ? `Invalid observation for the ${model.format} network: ${e.message}`
            : `Observation not in ${model.observationSpace.toString()}: ${e.message}`;
        return this.fail(res, '/act', 400, why, t0);
      }
      throw e;
    }
    if (explain && model instanceof ServedPolicy) return this.fail(res, '/act', 400, `?explain=1 explains MLP networks; this is a ${model.format} network`, t0);
    this.batcher.push({ model, obs, explain, res, t0 });
  }

  /** One forward pass per model over the queued requests, then the responses. */
  private answer(items: Pending[]): void {
    let start = 0;
    while (start < items.length) {
      const model = (items[start]).model;
      let end = start;
      while (end < items.length && (items[end]).model === model) end++;
      try {
        this.answerGroup(model, items, start, end);
      } catch (e) {
        // a bug must not take the server down or leave requests hanging: fail this group with 500
        this.log(`internal error answering ${end - start} request(s): ${(e as Error).stack ?? String(e)}`);
        for (let r = start; r < end; r++) {
          const it = items[r];
          if (it.res.headersSent || it.res.destroyed) continue;
          it.res.writeHead(500, JSON_HEADERS);
          it.res.end(JSON.stringify({ error: `Internal error: ${(e as Error).message}` }));
          this.metrics.request('/act', 500, (performance.now() - it.t0) / 1e3);
        }
      }
      start = end;
    }
  }

  /** Answers `items[start .. end)` with a served policy, one observation at a time. */
  private answerPolicy(model: ServedPolicy, items: Pending[], start: number, end: number): void {
    this.metrics.batch(end - start);
    for (let r = start; r < end; r++) {
      const it = items[r];
      if (it.res.destroyed) continue;
      const action = model.act(it.obs);
      it.res.writeHead(200, JSON_HEADERS);
      it.res.end(answerJson(action as number | number[], [], model.version, undefined));
      this.metrics.request('/act', 200, (performance.now() - it.t0) / 1e3);
    }
  }

  /** Answers `items[start .. end)`, all validated against `model`. */
  private answerGroup(model: ServedModel | ServedPolicy, items: Pending[], start: number, end: number): void {
    if (model instanceof ServedPolicy) return this.answerPolicy(model, items, start, end);
    const n = end - start;
    model.ensureCapacity(n);
    const drift = model === this.model ? this.drift : undefined;
    for (let r = 0; r < n; r++) {
      const it = items[start + r];
      model.writeInput(it.obs, r);
      if (drift !== undefined) {
        model.rawInput(it.obs, this.rawBuf);
        drift.observe(this.rawBuf);
      }
    }
    const out = model.forwardBatch(n);
    this.metrics.batch(n);
    const report = drift?.drifting ? drift.report() : undefined;
    const header = report ? report.features.slice(0, 8).map((f) => `${f.name}=${f.z.toFixed(2)}`).join(', ').replace(/[^\x20-\x7e]/g, '?') : undefined;
    const driftField = report ? { features: report.features.slice(0, 16), threshold: drift?.threshold, samples: report.samples } : undefined;
    const driftJson = driftField === undefined ? undefined : JSON.stringify(driftField); // once per batch
    const headers: Record<string, string> = header ? { ...JSON_HEADERS, 'x-tsgym-drift': header } : JSON_HEADERS;
    for (let r = 0; r < n; r++) {
      const it = items[start + r];
      if (it.res.destroyed) continue; // the client went away while queued
      const d = model.decide(out, r, it.obs);
      if (!d.values.every(Number.isFinite)) {
        this.fail(it.res, '/act', 422, 'The network gives non-finite values for this observation (an entry too large for the network)', it.t0);
        continue;
      }
      let body: string;
      if (!it.explain) body = answerJson(d.action, d.values, model.version, driftJson);
      else {
        const answer: Record<string, unknown> = { action: d.action, values: d.values, modelVersion: model.version };
        if (driftField) answer.drift = driftField;
        if (it.explain) {
          const ex = model.explainer;
          answer.explanation = { features: ex.featureNames, ...toFrameExplanation(ex.explain(it.obs), 6) };
        }
        body = JSON.stringify(answer);
      }
      it.res.writeHead(200, headers);
      it.res.end(body);
      this.metrics.request('/act', 200, (performance.now() - it.t0) / 1e3);
    }
  }
}

/**
 * Creates a PolicyServer and starts listening.
 *
 * @example
 * ```ts
 * const s = await startPolicyServer({ runDir: 'runs/ppo-line' });
 * console.log(s.url); // http://127.0.0.1:39213
 * ```
 */
export async function startPolicyServer(opts: PolicyServerOptions): Promise<PolicyServer> {
  const s = new PolicyServer(opts);
  await s.listen();
  return s;
}
