import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { isLoopback } from './bindAddress.js';

/** Limits of {@link guardConnections}. */
export interface ConnectionLimits {
  /** Open connections at most (default 4096). */
  readonly maxConnections?: number;
  /** Open connections from one address at most (default 1024). */
  readonly maxPerIp?: number;
  /** Milliseconds a client has to send its request headers (default 10 000). */
  readonly headersTimeoutMs?: number;
  /** Milliseconds a client has to send its whole request (default 30 000). */
  readonly requestTimeoutMs?: number;
  /** Milliseconds an idle keep-alive connection stays open (default 30 000). */
  readonly keepAliveTimeoutMs?: number;
}

/** Counters of a guarded server. */
export interface ConnectionCounts {
  /** Connections open now. */
  readonly open: () => number;
  /** Connections accepted so far. */
  readonly accepted: () => number;
  /** Connections closed to make room (the oldest not inside a request, or a newcomer when all were). */
  readonly evicted: () => number;
}

interface Conn {
  readonly ip: string;
  /** A request of this connection is being read or answered. */
  busy: boolean;
}

/**
 * Bounds what clients can hold of a server (slowloris: many connections trickling bytes): Node's header,
 * request and keep-alive timeouts are set, and past `maxConnections` open connections (or `maxPerIp`
 * from one address) a new connection evicts the oldest one that is not inside a request (still sending
 * its headers, or idle), of that address first; with none to evict, the new connection is closed. A
 * client that sends its request at once is therefore always served, whatever the trickling ones hold.
 *
 * @example
 * ```ts
 * guardConnections(http, { maxConnections: 4096, maxPerIp: 1024 });
 * ```
 */
export function guardConnections(server: Server, limits: ConnectionLimits = {}): ConnectionCounts {
  const maxAll = limits.maxConnections ?? 4096;
  const maxIp = limits.maxPerIp ?? 1024;
  server.headersTimeout = limits.headersTimeoutMs ?? 10_000;
  server.requestTimeout = limits.requestTimeoutMs ?? 30_000;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs ?? 30_000;
  const conns = new Map<Socket, Conn>(); // insertion order: oldest first
  const perIp = new Map<string, number>();
  let evicted = 0;
  let accepted = 0;
  const evict = (fresh: Socket, ip: string | undefined): void => {
    for (const [s, c] of conns) {
      if (s === fresh || c.busy || (ip !== undefined && c.ip !== ip)) continue;
      evicted++;
      s.destroy();
      return;
    }
    evicted++;
    fresh.destroy(); // everyone is inside a request: the newcomer waits for the next try
  };
  server.on('connection', (s: Socket) => {
    const ip = s.remoteAddress ?? '?';
    accepted++;
    conns.set(s, { ip, busy: false });
    const n = (perIp.get(ip) ?? 0) + 1;
    perIp.set(ip, n);
    s.once('close', () => {
      conns.delete(s);
      const m = (perIp.get(ip) ?? 1) - 1;
      if (m <= 0) perIp.delete(ip);
      else perIp.set(ip, m);
    });
    if (n > maxIp) evict(s, ip);
    else if (conns.size > maxAll) evict(s, undefined);
  });
  server.on('request', (req: IncomingMessage, res: { once(ev: 'close', f: () => void): unknown }) => {
    const c = conns.get(req.socket);
    if (c === undefined) return;
    c.busy = true;
    res.once('close', () => (c.busy = false));
  });
  return { open: () => conns.size, accepted: () => accepted, evicted: () => evicted };
}

/**
 * Whether a request's Host header names this server when it listens on loopback: `127.0.0.1`,
 * `localhost`, `[::1]` or the bound host, with the port. Any other name is a page in a browser that
 * rebound its own domain to 127.0.0.1 (DNS rebinding) and is refused. Beyond loopback (a token is then
 * required) any Host passes.
 *
 * @example
 * ```ts
 * hostAllowed('127.0.0.1', 8080, 'localhost:8080'); // true
 * hostAllowed('127.0.0.1', 8080, 'evil.example:8080'); // false
 * ```
 */
export function hostAllowed(boundHost: string, port: number, header: string | undefined): boolean {
  if (!isLoopback(boundHost)) return true;
  if (header === undefined) return false;
  const h = header.trim().toLowerCase();
  const bound = boundHost.includes(':') ? `[${boundHost}]` : boundHost;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${bound.toLowerCase()}:${port}`].includes(h);
}
