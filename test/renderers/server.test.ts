import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { writeRecording } from '../../renderers/io/writeRecording.js';
import { listRecordings } from '../../renderers/server/listRecordings.js';
import { safeJoin } from '../../renderers/server/safeJoin.js';
import { startViewServer } from '../../renderers/server/ViewServer.js';
import type { ViewServer } from '../../renderers/server/ViewServer.js';
import { syntheticFactory } from '../../renderers/synthetic/syntheticFactory.js';

let dir: string;
let server: ViewServer;

/** A raw GET (no URL normalisation, unlike fetch) with an optional Host header. */
function get(path: string, host?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET', headers: host ? { host } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-srv-'));
  const viewer = join(dir, 'viewer');
  mkdirSync(join(viewer, 'assets'), { recursive: true });
  writeFileSync(join(viewer, 'index.html'), '<!doctype html><title>v</title>');
  writeFileSync(join(viewer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  writeRecording(join(dir, 'line.json.gz'), syntheticFactory({ frames: 5 }));
  server = await startViewServer({ recordings: [join(dir, 'line.json.gz')], viewerDir: viewer });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('view server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('serves the viewer with a strict Content-Security-Policy', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toContain('<title>v</title>');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('refuses ../ and absolute paths, encoded or not', async () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/..\\secret.txt',
      '/C:/Windows/win.ini',
      '/a%00.html',
    ]) {
      const r = await get(p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.body.toString(), p).not.toContain('secret');
    }
    expect((await get('http://evil.example/secret.txt')).status).toBe(400);
  });

  it('serves recordings by index only, gzip as Content-Encoding', async () => {
    const list = JSON.parse((await get('/api/recordings')).body.toString()) as { id: number; name: string }[];
    expect(list).toEqual([expect.objectContaining({ id: 0, name: 'line.json.gz' })]);
    const r = await get('/api/recordings/0');
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(r.body).toString()).format).toBe('tsgym-episode');
    expect((await get('/api/recordings/1')).status).toBe(404);
    expect((await get('/api/recordings/..%2f..%2fsecret.txt')).status).toBeGreaterThanOrEqual(400);
  });

  it('refuses foreign Host headers (DNS rebinding) and cross-origin WebSockets', async () => {
    expect((await get('/', 'evil.example')).status).toBe(403);
    expect((await get('/', `localhost:${server.port}`)).status).toBe(200);
    const evil = new WebSocket(`ws://127.0.0.1:${server.port}/live`, { origin: 'http://evil.example' });
    const code = await new Promise<string>((res) => { evil.on('open', () => res('open')); evil.on('error', () => res('refused')); });
    expect(code).toBe('refused');
    const ok = new WebSocket(`ws://127.0.0.1:${server.port}/live`, { origin: `http://127.0.0.1:${server.port}` });
    await new Promise<void>((res, rej) => { ok.on('open', () => res()); ok.on('error', rej); });
    const got = new Promise<string>((res) => ok.on('message', (m) => res(String(m))));
    server.live.end({ steps: 1, frames: 1, totalReward: 0, duration: 0, terminated: true, truncated: false, metrics: {} });
    expect(JSON.parse(await got).type).toBe('end');
    ok.close();
  });

  it('lists the recordings of a directory', () => {
    expect(listRecordings(dir).map((p) => p.slice(dir.length + 1))).toEqual(['line.json.gz']);
  });

  it('safeJoin keeps paths inside the root', () => {
    expect(safeJoin('/srv/v', '/a/b.js')).toBe('/srv/v/a/b.js');
    expect(safeJoin('/srv/v', '/a/../../x')).toBeNull();
    expect(safeJoin('/srv/v', '/%2E%2E/x')).toBeNull();
    expect(safeJoin('/srv/v', '/%E0%A4%A')).toBeNull();
  });
});
