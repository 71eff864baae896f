import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A redis-server started by a test or a benchmark on a free loopback port, in its own temp dir (never the system service). */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** CPU time (ms) the server has used so far (Linux: from /proc; NaN elsewhere). */
  cpuMs(): number;
  /** Stops the server and removes its dir. */
  stop(): Promise<void>;
  /** Stops the server (SIGTERM, it writes its append-only file) and starts it again on the same port and dir. */
  restart(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A CA and a certificate for 127.0.0.1 signed by it (openssl), in `dir`: what a TLS redis-server and its clients need. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const f = (name: string): string => join(dir, name);
  if (existsSync(f('redis.pem'))) return { ca: f('ca.pem'), cert: f('redis.pem'), key: f('redis.key') }; // a restart keeps them
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
  const days = ['-days', '2'];
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), ...days, '-subj', '/CN=tsgym private CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('redis.key'), '-out', f('redis.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(f('ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost');
  const ca = ['-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial'];
  openssl('x509', '-req', '-in', f('redis.csr'), ...ca, '-out', f('redis.pem'), ...days, '-extfile', f('ext'));
  return { ca: f('ca.pem'), cert: f('redis.pem'), key: f('redis.key') };
}

function start(port: number, dir: string, extra: readonly string[], tls: boolean): Promise<ChildProcess> {
  const c = tls ? makeCertificates(dir) : undefined;
  const listen =
    c === undefined
      ? ['--port', String(port)]
      : ['--port', '0', '--tls-port', String(port), '--tls-cert-file', c.cert, '--tls-key-file', c.key, '--tls-ca-cert-file', c.ca, '--tls-auth-clients', 'no'];
  const args = [...listen, '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', ...extra];
  const p = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${out}`)), 15_000);
    p.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(p);
      }
    });
    p.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${out}`));
    });
  });
}

function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
}

/**
 * Starts a private redis-server (append-only file on, so a restart keeps the queue) and waits until it accepts connections.
 * `extra` adds server arguments (e.g. `['--requirepass', 'secret']`). With `tls`, the server speaks only TLS
 * (`rediss://`) with a certificate for 127.0.0.1 from a private CA, `<dir>/ca.pem` (give it to clients with
 * NODE_EXTRA_CA_CERTS).
 *
 * @example
 * ```ts
 * const redis = await startRedis();
 * const pool = new RolloutPool({ redis: redis.url });
 * await redis.stop();
 * ```
 */
export async function startRedis(extra: readonly string[] = [], opts: { tls?: boolean } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tsgym-redis-'));
  const tls = opts.tls ?? false;
  let proc = await start(port, dir, extra, tls);
  return {
    url: `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    port,
    dir,
    cpuMs() {
      try {
        const stat = readFileSync(`/proc/${proc.pid ?? 0}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
      } catch {
        return NaN;
      }
    },
    async stop() {
      await stopProcess(proc);
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stopProcess(proc);
      proc = await start(port, dir, extra, tls);
    },
  };
}
