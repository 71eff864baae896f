import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

function start(port: number, dir: string, extra: readonly string[]): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', ...extra];
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
 * `extra` adds server arguments (e.g. `['--requirepass', 'secret']`).
 *
 * @example
 * ```ts
 * const redis = await startRedis();
 * const pool = new RolloutPool({ redis: redis.url });
 * await redis.stop();
 * ```
 */
export async function startRedis(extra: readonly string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tsgym-redis-'));
  let proc = await start(port, dir, extra);
  return {
    url: `redis://127.0.0.1:${port}`,
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
      proc = await start(port, dir, extra);
    },
  };
}
