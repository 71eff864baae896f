import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { identityMlp, runDirWith, writePolicy } from './helpers.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../dist/src/cli/main.js');

describe('tsgym serve (compiled dist/)', () => {
  it('refuses to listen beyond loopback without a token: one line, exit code 2', async () => {
    const dir = runDirWith(identityMlp(2));
    const r = await run('node', [BIN, 'serve', dir, '--host', '0.0.0.0']).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect('code' in r ? r.code : 0).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^tsgym: InvalidConfig: Refusing to listen on '0.0.0.0' without a token/);
  });

  it('serves on 127.0.0.1, reloads on SIGHUP and stops on SIGINT', async () => {
    const dir = runDirWith(identityMlp(2));
    const child = spawn('node', [BIN, 'serve', dir, '--no-watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((done, fail) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) done(m[1] ?? '');
        });
        child.on('exit', (code) => fail(new Error(`exited ${code}`)));
      });
      const ask = async (): Promise<{ action: number; modelVersion: string }> =>
        (await fetch(`${url}/act`, { method: 'POST', body: '{"obs":[1,2]}' })).json() as Promise<{ action: number; modelVersion: string }>;
      const first = await ask();
      expect(first.action).toBe(1);
      const swapped = identityMlp(2);
      swapped.layers[0] = { ...swapped.layers[0], weights: [0, 1, 1, 0] };
      writePolicy(dir, swapped);
      expect((await ask()).modelVersion).toBe(first.modelVersion); // --no-watch: not yet
      child.kill('SIGHUP');
      let after = first;
      for (let i = 0; i < 100 && after.modelVersion === first.modelVersion; i++) {
        await new Promise((d) => setTimeout(d, 20));
        after = await ask();
      }
      expect(after.action).toBe(0);
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill();
    }
  });
});
