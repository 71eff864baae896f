// Security of the view server and of data loading: loopback-only binding, no path traversal, no
// symlink leading out of the served roots, a strict Content-Security-Policy on every response, and
// recording/config data that is only ever parsed as data (no eval, no prototype pollution, no YAML tags
// that construct code).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecording } from '../../renderers/format/parseRecording.js';
import { writeRecording } from '../../renderers/io/writeRecording.js';
import { listRecordings } from '../../renderers/server/listRecordings.js';
import { startViewServer, VIEW_HOST, type ViewServer } from '../../renderers/server/ViewServer.js';
import { syntheticFactory } from '../../renderers/synthetic/syntheticFactory.js';
import { applySets, loadConfigFile } from '../../src/cli/parseArgs.js';

let dir: string;
let viewer: string;
let server: ViewServer;

function get(
  path: string,
  opts: { host?: string; method?: string; address?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: opts.address ?? '127.0.0.1',
        port: server.port,
        path,
        method: opts.method ?? 'GET',
        headers: { host: opts.host ?? `127.0.0.1:${server.port}` },
        timeout: 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-sec-'));
  viewer = join(dir, 'viewer');
  mkdirSync(join(viewer, 'assets'), { recursive: true });
  writeFileSync(join(viewer, 'index.html'), '<!doctype html><title>v</title>');
  writeFileSync(join(viewer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET');
  mkdirSync(join(dir, 'private'));
  writeFileSync(join(dir, 'private', 'key.js'), 'TOP-SECRET-KEY');
  // symlinks inside the served root: one file and one folder pointing out, one file pointing in
  symlinkSync(join(dir, 'secret.txt'), join(viewer, 'leak.txt'));
  symlinkSync(join(dir, 'private'), join(viewer, 'assets', 'private'));
  symlinkSync(join(viewer, 'assets', 'app.js'), join(viewer, 'inside.js'));
  writeRecording(join(dir, 'rec.json'), syntheticFactory({ frames: 3 }));
  server = await startViewServer({ recordings: [join(dir, 'rec.json')], viewerDir: viewer });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('view server', () => {
  it('binds 127.0.0.1 only: the URL is loopback and a non-loopback address of this host is refused', async () => {
    expect(VIEW_HOST).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) await expect(get('/', { address: external.address })).rejects.toThrow(/ECONNREFUSED/);
    expect((await get('/')).status).toBe(200);
  });

  it('refuses symlinks that lead out of the viewer folder (file and folder), serves one that stays inside', async () => {
    const leak = await get('/leak.txt');
    expect(leak.status).toBe(403);
    expect(leak.body).not.toContain('TOP-SECRET');
    const viaDir = await get('/assets/private/key.js');
    expect(viaDir.status).toBe(403);
    expect(viaDir.body).not.toContain('TOP-SECRET');
    const inside = await get('/inside.js');
    expect(inside.status).toBe(200);
    expect(inside.body).toBe('console.log(1)');
  });

  it('refuses traversal, encoded or not, and non-GET methods', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%252e%252e/secret.txt', '/.%2e/secret.txt']) {
      const r = await get(p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.body, p).not.toContain('TOP-SECRET');
    }
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    expect((await get('/', { method: 'PUT' })).status).toBe(405);
  });

  it('sets a strict CSP and nosniff on every response, errors included', async () => {
    for (const p of ['/', '/api/recordings', '/api/recordings/0', '/nope.js', '/../secret.txt']) {
      const r = await get(p);
      const csp = String(r.headers['content-security-policy'] ?? '');
      expect(csp, p).toContain("default-src 'none'");
      expect(csp, p).toContain("script-src 'self'");
      expect(csp, p).toContain("frame-ancestors 'none'");
      expect(csp, p).toContain("base-uri 'none'");
      expect(csp, p).not.toMatch(/unsafe-eval|unsafe-inline|\*/);
      expect(r.headers['x-content-type-options'], p).toBe('nosniff');
    }
  });

  it('serves recordings as application/json data only, by index', async () => {
    const r = await get('/api/recordings/0');
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body).format).toBe('tsgym-episode');
    expect((await get(`/api/recordings/${encodeURIComponent(join(dir, 'secret.txt'))}`)).status).toBeGreaterThanOrEqual(400);
  });

  it('listRecordings skips symlinks that lead out of the folder', () => {
    const recs = join(dir, 'recs');
    mkdirSync(recs);
    writeRecording(join(recs, 'a.json'), syntheticFactory({ frames: 2 }));
    symlinkSync(join(dir, 'rec.json'), join(recs, 'b.json'));
    symlinkSync(join(recs, 'a.json'), join(recs, 'c.json'));
    symlinkSync(join(dir, 'gone.json'), join(recs, 'd.json'));
    expect(listRecordings(recs).map((p) => p.slice(recs.length + 1))).toEqual(['a.json', 'c.json']);
  });
});

describe('data is never code', () => {
  it('a recording with __proto__ keys and script-like strings is parsed as data without polluting prototypes', () => {
    const rec = JSON.parse(JSON.stringify(syntheticFactory({ frames: 2 }))) as Record<string, unknown>;
    const text = JSON.stringify({ ...rec, policy: '<script>globalThis.pwned=1</script>' }).replace('{', '{"__proto__":{"polluted":1},');
    const parsed = parseRecording(JSON.parse(text), 'evil.json');
    expect(parsed.policy).toBe('<script>globalThis.pwned=1</script>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it('YAML configs cannot construct functions or pollute prototypes', () => {
    const f = join(dir, 'evil.yaml');
    writeFileSync(f, 'fn: !!js/function "function () { globalThis.pwned = 1 }"\n__proto__:\n  polluted: 1\nre: !!js/regexp /x/\n');
    let cfg: Record<string, unknown> = {};
    try {
      cfg = loadConfigFile(f);
    } catch (e) {
      // refusing the unknown tags is as good as reading them as plain data
      expect((e as Error).message).toContain('evil.yaml');
    }
    for (const v of Object.values(cfg)) expect(typeof v).not.toBe('function');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it('YAML warnings print once each, one line naming file and line (issue 18, item 10)', () => {
    const f = join(dir, 'tags.yaml');
    writeFileSync(f, 'fn: !!js/function "x"\nre: !!js/regexp /x/\n');
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array): boolean => {
      lines.push(String(chunk));
      return true;
    });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      expect(loadConfigFile(f)).toEqual({ fn: 'x', re: '/x/' });
    } finally {
      process.stderr.write = write;
      process.off('warning', onWarning);
    }
    expect(lines).toEqual([
      `tsgym: warning: ${f}:1: Unresolved tag: tag:yaml.org,2002:js/function\n`,
      `tsgym: warning: ${f}:2: Unresolved tag: tag:yaml.org,2002:js/regexp\n`,
    ]);
    expect(warnings, 'no process warning besides').toEqual([]);
  });

  it('--set cannot reach prototypes', () => {
    expect(() => applySets({}, ['__proto__.polluted=1'])).toThrow(/__proto__/);
    expect(() => applySets({}, ['a.constructor.prototype.polluted=1'])).toThrow(/constructor/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
