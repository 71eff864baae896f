// Issue 18, items 5-7 and the policy server's Host check: non-finite numbers never pass (weights too large
// for float32 are refused at load and at hot reload, observations outside float32's range get 400), one
// absurd observation does not disable drift detection, trickling connections cannot starve /healthz, a
// slow client is cut at the header timeout, and a foreign Host header is refused on loopback.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidFile, InvalidObservation } from '../../src/core/errors.js';
import { MlpPolicy } from '../../src/policy/MlpPolicy.js';
import { DriftMonitor } from '../../src/serve/DriftMonitor.js';
import { PolicyServer, startPolicyServer } from '../../src/serve/PolicyServer.js';
import { identityMlp, runDirWith, writePolicy } from '../serve/helpers.js';
import { expectTyped } from './expectTyped.js';

/** The identity network over an unbounded Box(4): every finite entry is inside the space. */
function unbounded(): ReturnType<typeof identityMlp> {
  const net = identityMlp(4);
  return { ...net, observationSpace: { type: 'Box', low: Array(4).fill('-inf'), high: Array(4).fill('inf'), shape: [4], dtype: 'float32' } };
}

const servers: PolicyServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function serve(net: unknown, opts: Partial<Parameters<typeof startPolicyServer>[0]> = {}): Promise<PolicyServer> {
  const dir = runDirWith(net);
  dirs.push(dir);
  const s = await startPolicyServer({ runDir: dir, watch: false, ...opts });
  servers.push(s);
  return s;
}

async function post(s: PolicyServer, body: string): Promise<{ status: number; text: string }> {
  const r = await fetch(`${s.url}/act`, { method: 'POST', body });
  return { status: r.status, text: await r.text() };
}

function rawGet(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('non-finite numbers', () => {
  it('a weight of 1e39 (Infinity in float32) is refused at load naming the field, and at hot reload the old model stays', async () => {
    const bad = unbounded();
    const layer = bad.layers[0];
    if (layer) layer.weights[5] = 1e39;
    expectTyped(() => new MlpPolicy(bad), InvalidFile, ['layers.0.weights.5', 'finite in float32']);
    const s = await serve(unbounded());
    const before = s.model.version;
    writePolicy(dirs[0] ?? '', bad);
    expect(s.reload()).toBe(false);
    expect(s.reloadsFailed).toBe(1);
    expect(s.model.version).toBe(before);
    expect(JSON.parse((await post(s, '{"obs":[0,1,0,0]}')).text)).toMatchObject({ action: 1, values: [0, 1, 0, 0] });
  });

  it('an observation of 1e39 on an unbounded Box gets 400 naming the entry (values were null before)', async () => {
    const s = await serve(unbounded());
    const r = await post(s, '{"obs":[0,1e39,0,0]}');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error).toContain('obs[1] must be a number finite in float32 (|x| <= 3.4e38), got 1e+39');
  });

  it('finite inputs whose outputs overflow (nine layers of weight 3e38) get 422, not null values; MlpPolicy.act refuses them too', async () => {
    const base = unbounded();
    const diag = Array.from({ length: 16 }, (_, k) => (k % 5 === 0 ? 3e38 : 0));
    const layers = Array.from({ length: 9 }, () => ({ inputSize: 4, outputSize: 4, activation: 'linear' as const, weights: diag, bias: [0, 0, 0, 0] }));
    const net = { ...base, layers };
    const s = await serve(net);
    const r = await post(s, '{"obs":[1,0,0,0]}');
    expect(r.status).toBe(422);
    expect(r.text).toContain('non-finite values');
    expect(JSON.parse((await post(s, '{"obs":[0,0,0,0]}')).text)).toMatchObject({ values: [0, 0, 0, 0] });
    expectTyped(() => new MlpPolicy(net).act(Float32Array.of(1, 0, 0, 0), {}), InvalidObservation, ['network output 0 is Infinity']);
  });
});

describe('drift detection survives one absurd observation', () => {
  it('after z = 1e308 in one feature, 300 observations at z = 50 are flagged; an infinite z is skipped and counted', () => {
    const d = new DriftMonitor([0, 0], [1, 1], 0, { threshold: 1, window: 1000 });
    for (let i = 0; i < 100; i++) d.observe([0, 0]);
    d.observe([1e308, 0]);
    d.observe([Infinity, Number.NaN]);
    expect(d.skipped).toBe(2);
    expect(Number.isFinite(d.z[0])).toBe(true);
    expect(d.drifting, 'one outlier alone is not drift').toBe(false);
    for (let i = 0; i < 300; i++) d.observe([50, 0]);
    expect(d.report().features.map((f) => f.name)).toEqual(['x[0]']);
  });
});

describe('connections', () => {
  it('300 trickling connections over a cap of 100: the oldest are evicted, /healthz answers', async () => {
    const s = await serve(unbounded(), { limits: { maxConnections: 100, maxPerIp: 100 } });
    const socks: Socket[] = [];
    try {
      for (let i = 0; i < 300; i++) {
        const c = connect(s.port, '127.0.0.1');
        c.on('error', () => undefined);
        c.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // never ends its headers
        socks.push(c);
      }
      for (let t = 0; t < 200 && s.connections.accepted() < 300; t++) await new Promise((r) => setTimeout(r, 50));
      expect(s.connections.accepted()).toBe(300);
      expect(s.connections.open()).toBeLessThanOrEqual(100);
      expect(s.connections.evicted()).toBeGreaterThanOrEqual(200);
      expect(await rawGet(s.port, '/healthz', `127.0.0.1:${s.port}`)).toBe(200);
    } finally {
      for (const c of socks) c.destroy();
    }
  });

  it('a client that never finishes its headers is cut after the header timeout', async () => {
    const s = await serve(unbounded(), { limits: { headersTimeoutMs: 300, requestTimeoutMs: 300 } });
    const c = connect(s.port, '127.0.0.1');
    c.on('error', () => undefined);
    c.resume(); // read the server's 408 and end
    c.write('POST /act HTTP/1.1\r\n');
    // without the timeout the connection stays open (Node's default is 60 s): the test would time out
    await new Promise<void>((r) => c.once('close', () => r()));
  });

  it('on loopback, a request naming another host (DNS rebinding) gets 403; its own names pass', async () => {
    const s = await serve(unbounded());
    expect(await rawGet(s.port, '/healthz', `evil.example:${s.port}`)).toBe(403);
    expect(await rawGet(s.port, '/healthz', `localhost:${s.port}`)).toBe(200);
    expect(await rawGet(s.port, '/healthz', `127.0.0.1:${s.port}`)).toBe(200);
  });
});
