import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { startRedis, type TestRedis } from '../helpers/redisServer.js';
import { CLI, tsgym } from '../helpers/runCli.js';

/** A `tsgym worker` process and the lines it wrote on stderr. */
interface WorkerProc {
  readonly proc: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<number | null>;
}

let server: TestRedis;
const workers: WorkerProc[] = [];

function startWorker(queue: string, ...extra: string[]): Promise<WorkerProc> {
  const proc = spawn('node', [CLI, 'worker', '--redis', server.url, '--queue', queue, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const w = { proc, lines, exited };
  workers.push(w);
  return new Promise((resolve, reject) => {
    let buf = '';
    proc.stderr?.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      lines.push(...parts);
      if (parts.some((l) => l.includes('waiting for jobs'))) resolve(w);
    });
    void exited.then((code) => reject(new Error(`worker exited with ${code}: ${lines.join('\n')}`)));
  });
}

async function stopWorker(w: WorkerProc): Promise<number | null> {
  w.proc.kill('SIGTERM');
  return w.exited;
}

const until = async (cond: () => boolean, ms: number): Promise<void> => {
  for (const t0 = Date.now(); !cond(); await new Promise((r) => setTimeout(r, 50))) if (Date.now() - t0 > ms) throw new Error('timed out');
};

beforeAll(async () => {
  ensureBuilt();
  server = await startRedis();
}, 120_000);

afterAll(async () => {
  for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  await server.stop();
}, 60_000);

// short episodes (40 decisions of 5 s) keep the test to seconds on a shared 2-core machine
const COMPARE = ['compare', '--env', 'TrafficSignal-v0', '--policies', 'fixed-time,max-pressure,random', '--episodes', '4', '--set', 'numSeconds=200'];
COMPARE.push('--json');

describe('tsgym worker and --redis', { timeout: 240_000 }, () => {
  it('refuses a URL that is not redis:// or rediss:// in one line, the password hidden', async () => {
    const [w, e] = await Promise.all([
      tsgym('worker', '--redis', 'http://lab:hunter2@10.0.0.5:6379'),
      tsgym('eval', '--env', 'CartPole-v1', '--policy', 'pd', '--redis', 'redis://lab:hunter2@10.0.0.5:6379/x'),
    ]);
    expect(w.code).not.toBe(0);
    expect(w.stderr.trim()).toBe(
      "tsgym: InvalidConfig: Invalid Redis URL 'http://lab:***@10.0.0.5:6379': the scheme is 'http:'; " +
        'expected redis://[user[:password]@]host[:port][/db] or rediss://... (TLS)',
    );
    expect(e.code).not.toBe(0);
    expect(e.stderr).toMatch(/^tsgym: InvalidConfig: Invalid Redis URL 'redis:\/\/lab:\*\*\*@10\.0\.0\.5:6379\/x': the database 'x' is not a number/);
    expect(w.stderr + e.stderr).not.toContain('hunter2');
  });

  it('runs over rediss:// (TLS, certificate checked against a private CA given with NODE_EXTRA_CA_CERTS)', async () => {
    const secure = await startRedis(['--requirepass', 'tls-secret'], { tls: true });
    const url = secure.url.replace('rediss://', 'rediss://:tls-secret@');
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: join(secure.dir, 'ca.pem'), TSGYM_TF_BACKEND: 'cpu' };
    const worker = spawn('node', [CLI, 'worker', '--redis', url, '--queue', 'tls'], { stdio: ['ignore', 'ignore', 'pipe'], env });
    try {
      const args = ['eval', '--env', 'CartPole-v1', '--policy', 'pd', '--episodes', '3', '--json'];
      const local = await tsgym(...args, '--workers', '1');
      const run = (redis: string, extraEnv: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> =>
        new Promise((resolve) => {
          execFile('node', [CLI, ...args, '--redis', redis, '--queue', 'tls'], { env: { ...env, ...extraEnv } }, (e, stdout, stderr) =>
            resolve({ code: e ? 1 : 0, stdout, stderr }),
          );
        });
      const remote = await run(url, {});
      expect(remote.code, remote.stderr).toBe(0);
      expect(remote.stdout).toBe(local.stdout);
      // without the CA the certificate is refused, and a wrong password is refused: one clear line each, no endless retry
      const untrusted = await run(url, { NODE_EXTRA_CA_CERTS: '' });
      expect(untrusted.code).toBe(1);
      expect(untrusted.stderr).toMatch(/TLS certificate is refused .*NODE_EXTRA_CA_CERTS/);
      const wrong = await run(url.replace('tls-secret', 'guess'), {});
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS/);
      expect(wrong.stderr).not.toContain('guess');
    } finally {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
      await secure.stop();
    }
  });


  it('compare of three policies prints byte-identical JSON locally and on 1, 2 and 4 worker processes', async () => {
    const one = await startWorker('cmp1');
    const a = await startWorker('cmp2');
    const b = await startWorker('cmp2');
    const four = await Promise.all([0, 1, 2, 3].map(() => startWorker('cmp4')));
    // the four runs at once (queues apart): the test's wall time is that of the slowest
    const [local, onRedis1, onRedis2, onRedis4] = await Promise.all([
      tsgym(...COMPARE, '--workers', '2'),
      tsgym(...COMPARE, '--redis', server.url, '--queue', 'cmp1'),
      tsgym(...COMPARE, '--redis', server.url, '--queue', 'cmp2'),
      tsgym(...COMPARE, '--redis', server.url, '--queue', 'cmp4'),
    ]);
    expect(local.code, local.stderr).toBe(0);
    const report = JSON.parse(local.stdout) as { policies: string[]; perEpisode: Record<string, { seed: number }[]> };
    expect(report.policies).toEqual(['fixed-time', 'max-pressure', 'random']);
    expect(report.perEpisode['random']?.map((r) => r.seed)).toEqual([0, 1, 2, 3]);
    expect(onRedis1.code, onRedis1.stderr).toBe(0);
    expect(onRedis1.stdout).toBe(local.stdout);
    expect(onRedis2.stdout).toBe(local.stdout);
    expect(onRedis4.stdout).toBe(local.stdout);
    // 12 one-episode jobs per run, each played once: all by the lone worker, shared by the pair
    const done = (w: WorkerProc): string[] => w.lines.filter((l) => l.includes(': done ')).map((l) => l.split(' ')[3] ?? '');
    expect(done(one)).toHaveLength(12);
    const shared = [...done(a), ...done(b)];
    expect(shared).toHaveLength(12);
    expect(new Set(shared).size).toBe(12);
    expect(Math.min(done(a).length, done(b).length)).toBeGreaterThan(0);
    expect(four.flatMap(done)).toHaveLength(12);
    for (const w of [one, a, b, ...four]) expect(await stopWorker(w)).toBe(0);
    expect(one.lines.at(-1)).toBe('tsgym worker: stopped (12 jobs done, 0 failed)');
  });

  it('a worker SIGKILLed in mid-job, then a Redis restart under the other: the local results, each job finished once', async () => {
    const args = ['eval', '--env', 'TrafficSignal-v0', '--policy', 'max-pressure', '--episodes', '4', '--set', 'numSeconds=600', '--json'];
    const local = await tsgym(...args, '--workers', '2');
    expect(local.code, local.stderr).toBe(0);
    const doomed = await startWorker('kill', '--lock-ms', '1000');
    const run = tsgym(...args, '--redis', server.url, '--queue', 'kill');
    await until(() => doomed.lines.some((l) => l.includes(': took ')), 60_000);
    doomed.proc.kill('SIGKILL');
    const taken = doomed.lines.filter((l) => l.includes(': took ')).map((l) => l.split(' ')[3]);
    const heir = await startWorker('kill', '--lock-ms', '1000');
    // the heir (and the client) lose Redis for a moment and reconnect to the restarted server
    await until(() => heir.lines.some((l) => l.includes(': took ')), 60_000);
    await server.restart();
    const remote = await run;
    expect(remote.code, remote.stderr).toBe(0);
    expect(remote.stdout).toBe(local.stdout);
    const doneByDoomed = doomed.lines.filter((l) => l.includes(': done ')).map((l) => l.split(' ')[3]);
    const doneByHeir = heir.lines.filter((l) => l.includes(': done ')).map((l) => l.split(' ')[3]);
    const all = [...doneByDoomed, ...doneByHeir];
    // 4 one-episode jobs, each finished exactly once; the job the killed worker held was finished by the other
    expect(all).toHaveLength(4);
    expect(new Set(all).size).toBe(4);
    expect(taken.some((id) => !doneByDoomed.includes(id) && doneByHeir.includes(id))).toBe(true);
    expect(await stopWorker(heir)).toBe(0);
  });
});
