import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The compiled CLI (tests that spawn it rely on `npm test`'s pretest build). */
export const CLI = join(import.meta.dirname, '../../dist/src/cli/main.js');

/** Runs `tsgym ...args` on the cpu tfjs backend; resolves with the exit code and both streams (never rejects). */
export async function tsgym(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('node', [CLI, ...args], { env: { ...process.env, TSGYM_TF_BACKEND: 'cpu' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
