// Issue 18, item 10: how the view server sends recordings. A recording whose name says .gz but holds plain
// JSON (or the reverse) loaded in the CLI but failed in the browser, because the server chose
// Content-Encoding by the name; and the server followed a recording replaced by a symlink after start.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecording } from '../../renderers/format/parseRecording.js';
import { readRecording } from '../../renderers/io/readRecording.js';
import { startViewServer, type ViewServer } from '../../renderers/server/ViewServer.js';
import { syntheticFactory } from '../../renderers/synthetic/syntheticFactory.js';

let dir: string;
let recs: string;
let server: ViewServer;
const plain = Buffer.from(JSON.stringify(syntheticFactory({ frames: 3 })));
const SECRET = '{"secret":"TOP-SECRET"}';

/** GET as a browser would: the body decoded as its Content-Encoding says (fetch does this itself). */
function fetchLike(path: string): Promise<{ status: number; encoding: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}` }, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        let text: string;
        try {
          text = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        } catch (e) {
          text = `undecodable: ${(e as Error).message}`;
        }
        resolve({ status: res.statusCode ?? 0, encoding, text });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-viewrec-'));
  recs = join(dir, 'recs');
  mkdirSync(recs);
  const viewer = join(dir, 'viewer');
  mkdirSync(viewer);
  writeFileSync(join(viewer, 'index.html'), '<!doctype html><title>v</title>');
  writeFileSync(join(recs, 'plain-named.json.gz'), plain); // plain JSON under a .gz name
  writeFileSync(join(recs, 'gzip-named.json'), gzipSync(plain)); // gzip under a .json name
  writeFileSync(join(recs, 'ok.json.gz'), gzipSync(plain));
  writeFileSync(join(recs, 'swapped.json'), plain);
  writeFileSync(join(recs, 'other.json'), plain);
  writeFileSync(join(dir, 'secret.json'), SECRET);
  const names = ['plain-named.json.gz', 'gzip-named.json', 'ok.json.gz', 'swapped.json'];
  server = await startViewServer({ recordings: names.map((n) => join(recs, n)), viewerDir: viewer });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('recordings reach the browser as JSON whatever their name says', () => {
  it.each([
    [0, 'plain JSON named .json.gz', undefined],
    [1, 'gzip named .json', 'gzip'],
    [2, 'gzip named .json.gz', 'gzip'],
  ])('recording %i (%s): Content-Encoding %s, body parses as the recording', async (id, _label, encoding) => {
    const r = await fetchLike(`/api/recordings/${id}`);
    expect(r.status).toBe(200);
    expect(r.encoding).toBe(encoding);
    expect(parseRecording(JSON.parse(r.text)).frames).toHaveLength(3);
  });
  it('the CLI reader loads the same files (it sniffs the bytes too)', async () => {
    for (const n of ['plain-named.json.gz', 'gzip-named.json']) expect((await readRecording(join(recs, n))).frames).toHaveLength(3);
  });
});

describe('a recording replaced by a symlink after the server started', () => {
  it('is refused when the link leads out of its folder; a link inside the folder is served', async () => {
    const target = join(recs, 'swapped.json');
    expect((await fetchLike('/api/recordings/3')).status).toBe(200);
    unlinkSync(target);
    symlinkSync(join(dir, 'secret.json'), target);
    const out = await fetchLike('/api/recordings/3');
    expect(out.status).toBe(403);
    expect(out.text).toContain('leads out of its folder');
    expect(out.text).not.toContain('TOP-SECRET');
    unlinkSync(target);
    symlinkSync(join(recs, 'other.json'), target);
    const inside = await fetchLike('/api/recordings/3');
    expect(inside.status).toBe(200);
    expect(parseRecording(JSON.parse(inside.text)).frames).toHaveLength(3);
  });
  it('its folder replaced by a symlink to another folder is refused too', async () => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'ok.json.gz'), SECRET);
    renameSync(recs, join(dir, 'recs-moved'));
    symlinkSync(elsewhere, recs);
    try {
      const r = await fetchLike('/api/recordings/2');
      expect(r.status).toBe(403);
      expect(r.text).not.toContain('TOP-SECRET');
    } finally {
      unlinkSync(recs);
      renameSync(join(dir, 'recs-moved'), recs);
    }
    expect(readFileSync(join(recs, 'ok.json.gz')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect((await fetchLike('/api/recordings/2')).status).toBe(200);
  });
});
