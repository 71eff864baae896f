import { closeSync, createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { InvalidConfig } from '../../src/core/errors.js';
import { findViewerDir } from './findViewerDir.js';
import { LiveChannel } from './LiveChannel.js';
import { openRecording, pinRecording, type PinnedRecording } from './recordingFile.js';
import { safeJoin } from './safeJoin.js';

/** Options of `startViewServer`. */
export interface ViewServerOptions {
  /** Recording files to serve (by index, never by path). */
  readonly recordings: readonly string[];
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** The built viewer; default `findViewerDir()`. */
  readonly viewerDir?: string;
}

/** A running view server. */
export interface ViewServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  /** Live frames for viewers opened at `url + '?live=1'`. */
  readonly live: LiveChannel;
  /** Resolves when a viewer page first asked for its data (its script runs in some browser). */
  readonly visited: Promise<void>;
  close(): Promise<void>;
}

/** The host the server binds: loopback only, never 0.0.0.0. */
export const VIEW_HOST = '127.0.0.1';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

function securityHeaders(port: number): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://${VIEW_HOST}:${port} ws://localhost:${port}`,
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cross-Origin-Opener-Policy': 'same-origin' };
}

/** A promise with its resolver outside (Node 20 has no `Promise.withResolvers`). */
function latch(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/**
 * Sends a pinned recording; gzip is told by its bytes (1f 8b), not its name, so the browser gets JSON
 * either way. A recording replaced by a symlink leading out of its folder (or gone) gets 403.
 */
function sendRecording(res: ServerResponse, f: PinnedRecording, head: boolean, headers: Record<string, string>): void {
  const r = openRecording(f);
  if (typeof r === 'string') {
    res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    return void res.end(`Recording ${basename(f.path)} refused: ${r}\n`);
  }
  const enc: Record<string, string> = r.gzip ? { 'Content-Encoding': 'gzip' } : {};
  res.writeHead(200, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(r.size), ...enc, 'Cache-Control': 'no-store' });
  if (head) {
    closeSync(r.fd);
    return void res.end();
  }
  createReadStream('', { fd: r.fd, start: 0 }).on('error', () => res.destroy()).pipe(res);
}

/**
 * Serves the built viewer and the given recordings on 127.0.0.1 only, with a strict
 * Content-Security-Policy. Static files are confined to the viewer folder (no path traversal, no
 * symlink leading out of it),
 * recordings are addressed by index (`/api/recordings/0`), requests whose Host is not this server are
 * refused (DNS rebinding), and `/live` is a WebSocket for live episodes (same-origin only).
 *
 * @example
 * ```ts
 * const server = await startViewServer({ recordings: ['runs/grid.json.gz'] });
 * console.log(server.url); // http://127.0.0.1:41234/
 * await server.close();
 * ```
 */
export async function startViewServer(opts: ViewServerOptions): Promise<ViewServer> {
  const viewerDir = opts.viewerDir ?? findViewerDir();
  if (viewerDir === null)
    throw new InvalidConfig('The viewer is not built: run `npm run build` (or `npx vite build --config renderers/viewer/vite.config.ts`)');
  // each recording's real path is pinned now: a symlink put in its place later is not followed out of its folder
  const files = opts.recordings.map((p) => ({ ...pinRecording(p), name: basename(p) }));
  // static files must stay inside the viewer folder after symlinks are resolved, not only lexically
  const realRoot = realpathSync(viewerDir);
  const live = new LiveChannel();
  let port = opts.port ?? 0;
  let headers: Record<string, string> = {};
  const visit = latch();

  const hostOk = (req: IncomingMessage): boolean => {
    const h = req.headers.host ?? '';
    return h === `${VIEW_HOST}:${port}` || h === `localhost:${port}`;
  };
  const fail = (res: ServerResponse, code: number, msg: string): void => {
    res.writeHead(code, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${msg}\n`);
  };
  const sendFile = (res: ServerResponse, path: string, type: string, extra: Record<string, string>, head: boolean): void => {
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) return fail(res, 404, 'Not found');
      size = st.size;
    } catch {
      return fail(res, 404, 'Not found');
    }
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': String(size), ...extra });
    if (head) return void res.end();
    createReadStream(path).on('error', () => res.destroy()).pipe(res);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hostOk(req)) return fail(res, 403, 'Forbidden host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'Method not allowed');
    const raw = req.url ?? '/';
    if (!raw.startsWith('/')) return fail(res, 400, 'Bad request');
    const path = raw.split('?')[0] ?? '/';
    const head = req.method === 'HEAD';
    if (path.startsWith('/api/recordings')) visit.resolve();
    if (path === '/api/recordings') {
      const body = JSON.stringify(files.map((f, id) => ({ id, name: f.name, bytes: f.bytes })));
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return void res.end(head ? undefined : body);
    }
    const m = /^\/api\/recordings\/(\d{1,6})$/.exec(path);
    if (m) {
      const f = files[Number(m[1])];
      if (!f) return fail(res, 404, 'No such recording');
      return sendRecording(res, f, head, headers);
    }
    const target = safeJoin(viewerDir, path === '/' ? '/index.html' : path);
    if (target === null) return fail(res, 403, 'Forbidden path');
    let real: string;
    try {
      real = realpathSync(target);
    } catch {
      return fail(res, 404, 'Not found');
    }
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return fail(res, 403, 'Forbidden path');
    sendFile(res, real, TYPES[extname(target)] ?? 'application/octet-stream', {}, head);
  };

  const server: Server = createServer(handle);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 16 });
  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin;
    const originOk = origin === `http://${VIEW_HOST}:${port}` || origin === `http://localhost:${port}`;
    if ((req.url ?? '') !== '/live' || !hostOk(req) || !originOk) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    visit.resolve();
    wss.handleUpgrade(req, socket, head, (ws) => live.add(ws));
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new InvalidConfig(`Port ${port} is already in use on ${VIEW_HOST}: pick another with --port, or 0 for a free one`) : e),
    );
    server.listen(port, VIEW_HOST, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  headers = securityHeaders(port);
  return {
    url: `http://${VIEW_HOST}:${port}/`,
    port,
    live,
    visited: visit.promise,
    close: () =>
      new Promise<void>((done) => {
        live.close();
        wss.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
