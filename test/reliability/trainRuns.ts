// Helpers of the crash-safety tests: a small, fast DQN run on CartPole-v1 through the compiled CLI, and
// what "bit-identical" compares between two run directories.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, tsgym } from '../helpers/runCli.js';

/** Flags of a small DQN run: frequent checkpoints, no evaluation, a small network and buffer. */
export const SMALL_DQN = [
  '--set', 'checkpointEvery=100',
  '--set', 'evalEvery=0',
  '--set', 'config.learningStarts=100',
  '--set', 'config.trainFreq=4',
  '--set', 'config.gradientSteps=1',
  '--set', 'config.netArch=[16]',
  '--set', 'config.bufferSize=5000',
  '--set', 'config.targetUpdateInterval=100',
  '--quiet',
];

/** `tsgym train` of the small run into `out` (a new run). */
export function trainArgs(out: string, steps: number, seed = 3): string[] {
  return ['train', '--env', 'CartPole-v1', '--algo', 'dqn', '--steps', String(steps), '--seed', String(seed), '--out', out, ...SMALL_DQN];
}

/** `tsgym train --resume target`. */
export function resumeArgs(target: string): string[] {
  return ['train', '--env', 'CartPole-v1', '--algo', 'dqn', '--resume', target, '--quiet', '--json'];
}

/** Runs the CLI to the end. */
export const run = (args: string[]): ReturnType<typeof tsgym> => tsgym(...args);

/** Starts the CLI without waiting (to kill it). */
export function start(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, TSGYM_TF_BACKEND: 'cpu' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves when the child has exited (with its exit code, or null when killed by a signal). */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Waits (polling every 10 ms) until `path` exists or the child ends; true when it exists. */
export async function waitFor(path: string, child: ChildProcess, timeoutMs = 120_000): Promise<boolean> {
  const t0 = Date.now();
  while (!existsSync(path)) {
    if (child.exitCode !== null || Date.now() - t0 > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

/** What must be byte-identical between an uninterrupted run and a crashed-and-resumed one. */
export function outcome(runDir: string): { policy: string; episodes: string; envState: string } {
  return {
    policy: readFileSync(join(runDir, 'final', 'policy.json'), 'utf8'),
    episodes: readFileSync(join(runDir, 'episodes.csv'), 'utf8'),
    envState: readFileSync(join(runDir, 'checkpoints', 'last', 'env-state.json'), 'utf8'),
  };
}
