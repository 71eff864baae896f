import { afterEach, describe, expect, it } from 'vitest';
import { MlpPolicy } from '../../src/policy/MlpPolicy.js';
import { Rng } from '../../src/rng/Rng.js';
import { PolicyServer, startPolicyServer } from '../../src/serve/PolicyServer.js';
import { identityMlp, randomMlp, runDirWith, writePolicy } from './helpers.js';

const servers: PolicyServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()?.close();
});

async function serve(net: unknown, opts: Partial<Parameters<typeof startPolicyServer>[0]> = {}): Promise<{ s: PolicyServer; dir: string }> {
  const dir = runDirWith(net);
  const s = await startPolicyServer({ runDir: dir, ...opts });
  servers.push(s);
  return { s, dir };
}

async function act(s: PolicyServer, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const r = await fetch(`${s.url}/act`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  return { status: r.status, json: await r.json(), headers: r.headers };
}

/** Parses Prometheus text: every sample line is `name{labels} value`. */
function parseProm(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    out.set(`${m[1]}${m[2] ?? ''}`, Number(m[3] === '+Inf' ? Infinity : m[3]));
  }
  return out;
}

describe('POST /act', () => {
  it('answers the argmax action, the q-values and the model version (identity network: q = obs)', async () => {
    const { s } = await serve(identityMlp(3));
    const r = await act(s, { obs: [3, 5, 1] });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ action: 1, values: [3, 5, 1], modelVersion: s.model.version });
    expect(s.model.version).toMatch(/^[0-9a-f]{12}$/);
    const bare = await act(s, [9, 5, 1]);
    expect(bare.json.action).toBe(0);
  });

  it('rejects malformed and out-of-space observations with 400 and a message naming the problem', async () => {
    const { s } = await serve(identityMlp(3));
    const cases: [unknown, RegExp][] = [
      ['{"obs": [1, 2', /not valid JSON/],
      [{ observation: [1, 2, 3] }, /Body must be \{"obs"/],
      [{ obs: [1, 2] }, /obs has 2 entries, expected 3/],
      [{ obs: [1, 2, 11] }, /obs\[2\] = 11 is outside the Box bounds \[0, 10\]/],
      [{ obs: [1, -0.5, 3] }, /obs\[1\] = -0.5 is outside/],
      [{ obs: [1, 'x', 3] }, /obs\[1\] must be a number, got the string "x"/],
      [{ obs: [1, null, 3] }, /obs\[1\] must be a number, got null/],
      [{ obs: 'abc' }, /obs must be an array of 3/],
    ];
    for (const [body, msg] of cases) {
      const r = await act(s, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error).toMatch(msg);
    }
    expect(s.metrics.count('/act', 400)).toBe(cases.length);
  });

  it('adds the gradient x input explanation with ?explain=1 (identity network: q_k = x_k, so only x_k counts)', async () => {
    const { s } = await serve(identityMlp(3));
    const r = await fetch(`${s.url}/act?explain=1`, { method: 'POST', body: JSON.stringify({ obs: [3, 5, 1] }) });
    expect(await r.json()).toEqual({
      action: 1,
      values: [3, 5, 1],
      modelVersion: s.model.version,
      explanation: {
        features: ['x[0]', 'x[1]', 'x[2]'],
        action: 1,
        kind: 'q',
        values: [3, 5, 1],
        outputs: [{ output: 1, value: 5, baseline: 0, attribution: [0, 5, 0] }],
      },
    });
    expect((await act(s, { obs: [3, 5, 1] })).json.explanation).toBeUndefined();
  });

  it('gives 404 for unknown routes and 405 for wrong methods', async () => {
    const { s } = await serve(identityMlp(2));
    expect((await fetch(`${s.url}/nope`)).status).toBe(404);
    const r = await fetch(`${s.url}/act`);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
  });

  it('answers concurrent requests in shared forward passes, with the same answers as MlpPolicy one by one', async () => {
    const net = randomMlp(7, 16, [64, 64], 4);
    const { s } = await serve(net);
    const ref = new MlpPolicy(net);
    const rng = new Rng(1);
    const obs = Array.from({ length: 32 }, () => Array.from({ length: 16 }, () => Math.fround(rng.uniform(-10, 10))));
    await Promise.all(obs.map((o) => act(s, { obs: o }))); // opens the keep-alive connections
    const before = s.metrics.batches;
    const batched = await Promise.all(obs.map((o) => act(s, { obs: o })));
    expect(s.metrics.batches - before).toBeLessThan(obs.length); // some requests shared a forward pass
    expect(s.metrics.maxBatch).toBeGreaterThan(1);
    for (let i = 0; i < obs.length; i++) {
      const o = Float32Array.from(obs[i] ?? []);
      const q = Array.from(ref.forward(o));
      const r = batched[i];
      expect(r?.json.action).toBe(ref.act(o, {}));
      r?.json.values.forEach((v: number, k: number) => expect(v).toBeCloseTo(q[k] ?? NaN, 9));
      if (i % 4 === 0) expect((await act(s, { obs: obs[i] })).json).toEqual(r?.json); // alone in its batch
    }
  });

  it('answers probabilities (softmax of the logits) for a logits network', async () => {
    const net = identityMlp(2);
    net.output = 'logits';
    const { s } = await serve(net);
    const r = await act(s, { obs: [0, Math.log(3)] });
    expect(r.json.action).toBe(1);
    expect(r.json.values[0]).toBeCloseTo(0.25, 6);
    expect(r.json.values[1]).toBeCloseTo(0.75, 6);
  });
});

describe('tokens and binding', () => {
  it('refuses to start beyond loopback without a token, before listening', () => {
    const dir = runDirWith(identityMlp(2));
    expect(() => new PolicyServer({ runDir: dir, host: '0.0.0.0' })).toThrow(/without a token/);
  });

  it('says so when the port is taken', async () => {
    const { s } = await serve(identityMlp(2));
    await expect(startPolicyServer({ runDir: runDirWith(identityMlp(2)), port: s.port, watch: false })).rejects.toThrow(
      /Cannot listen on 127.0.0.1:\d+: the port is in use/,
    );
  });

  it('requires the bearer token on /act and /metrics when one is set (loopback bind)', async () => {
    const token = 'tok-0123456789abcdef';
    const { s } = await serve(identityMlp(2), { host: '127.0.0.1', token });
    expect(s.host).toBe('127.0.0.1');
    expect((await act(s, { obs: [1, 2] })).status).toBe(401);
    expect((await act(s, { obs: [1, 2] }, { authorization: 'Bearer wrong-token-000000' })).status).toBe(401);
    expect((await act(s, { obs: [1, 2] }, { authorization: `Bearer ${token}` })).json.action).toBe(1);
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });
});

describe('/metrics and /healthz', () => {
  it('serves parseable Prometheus text with request counts by status and a consistent latency histogram', async () => {
    const { s } = await serve(identityMlp(2));
    for (let i = 0; i < 5; i++) await act(s, { obs: [1, 2] });
    for (let i = 0; i < 2; i++) await act(s, { obs: [1, 20] });
    const r = await fetch(`${s.url}/metrics`);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const m = parseProm(await r.text());
    expect(m.get('tsgym_serve_requests_total{route="/act",status="200"}')).toBe(5);
    expect(m.get('tsgym_serve_requests_total{route="/act",status="400"}')).toBe(2);
    expect(m.get('tsgym_serve_request_duration_seconds_count')).toBe(7);
    expect(m.get('tsgym_serve_request_duration_seconds_bucket{le="+Inf"}')).toBe(7);
    const buckets = [...m.entries()].filter(([k]) => k.startsWith('tsgym_serve_request_duration_seconds_bucket')).map(([, v]) => v);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]).toBeGreaterThanOrEqual(buckets[i - 1] ?? 0);
    expect(m.get(`tsgym_serve_model_info{version="${s.model.version}"}`)).toBe(1);
    const h = await (await fetch(`${s.url}/healthz`)).json();
    expect(h).toMatchObject({ ok: true, modelVersion: s.model.version });
  });
});

describe('hot reload', () => {
  it('serves the new model after policy.json changes, with no failed request during the swap', async () => {
    const a = identityMlp(2); // q = obs: action 1 for [1, 2]
    const b = identityMlp(2);
    b.layers[0] = { ...b.layers[0], weights: [0, 1, 1, 0] }; // swapped: action 0
    const { s, dir } = await serve(a);
    const v1 = s.model.version;
    const seen: { status: number; version: string; action: number }[] = [];
    let stop = false;
    const client = async (): Promise<void> => {
      while (!stop) {
        const r = await act(s, { obs: [1, 2] });
        seen.push({ status: r.status, version: r.json.modelVersion, action: r.json.action });
      }
    };
    const clients = Array.from({ length: 8 }, () => client());
    await new Promise((d) => setTimeout(d, 150));
    writePolicy(dir, b);
    const t0 = Date.now();
    while (s.model.version === v1 && Date.now() - t0 < 5000) await new Promise((d) => setTimeout(d, 10));
    await new Promise((d) => setTimeout(d, 150));
    stop = true;
    await Promise.all(clients);
    const v2 = s.model.version;
    expect(v2).not.toBe(v1);
    expect(seen.every((x) => x.status === 200)).toBe(true);
    expect(seen.filter((x) => x.version === v1).every((x) => x.action === 1)).toBe(true);
    expect(seen.filter((x) => x.version === v2).every((x) => x.action === 0)).toBe(true);
    expect(seen.some((x) => x.version === v1) && seen.some((x) => x.version === v2)).toBe(true);
    expect(s.reloadsOk).toBe(1);
  });

  it('keeps serving the old model when the new file is broken, and reload() picks up a fixed one', async () => {
    const { s, dir } = await serve(identityMlp(2), { watch: false });
    const v1 = s.model.version;
    writePolicy(dir, { format: 'tsgym-mlp', version: 1, layers: [] });
    expect(s.reload()).toBe(false);
    expect(s.reloadsFailed).toBe(1);
    expect((await act(s, { obs: [1, 2] })).json.modelVersion).toBe(v1);
    const fixed = identityMlp(2);
    fixed.layers[0] = { ...fixed.layers[0], bias: [5, 0] };
    writePolicy(dir, fixed);
    expect(s.reload()).toBe(true);
    const r = await act(s, { obs: [1, 2] });
    expect(r.json).toEqual({ action: 0, values: [6, 2], modelVersion: s.model.version });
  });
});

describe('observation drift', () => {
  it('flags features whose serving mean is far from the training mean, in the response and in /metrics', async () => {
    const net = identityMlp(2);
    net.obsNormalization = { mean: [1, 5], var: [4, 1], clip: 10, epsilon: 0 };
    const { s } = await serve(net, { driftThreshold: 1 });
    let last: Awaited<ReturnType<typeof act>> | undefined;
    for (let i = 0; i < 40; i++) {
      last = await act(s, { obs: [7, 5] }); // x0: (7 - 1) / 2 = 3 training stds away; x1 on the mean
      if (i === 5) expect(last.json.drift).toBeUndefined(); // fewer than 30 samples: no flag yet
    }
    expect(last?.json.drift.features).toEqual([{ name: 'x[0]', index: 0, z: 3 }]);
    expect(last?.headers.get('x-tsgym-drift')).toBe('x[0]=3.00');
    const m = parseProm(await (await fetch(`${s.url}/metrics`)).text());
    expect(m.get('tsgym_serve_drift_z{feature="x[0]"}')).toBe(3);
    expect(m.get('tsgym_serve_drift_z{feature="x[1]"}')).toBe(0);
    expect(m.get('tsgym_serve_drifting')).toBe(1);
  });
});
