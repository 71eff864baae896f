import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function staleFile(dir: string): boolean {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (name !== 'viewer' && name !== 'node_modules' && staleFile(p)) return true;
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
      const out = join(ROOT, 'dist', relative(ROOT, p)).replace(/\.ts$/, '.js');
      if (!existsSync(out) || statSync(out).mtimeMs < st.mtimeMs) return true;
    }
  }
  return false;
}

/** The sources these tests run in workers (other folders are rebuilt by whoever changes them). */
const WATCHED = ['src/vector', 'src/rollout', 'src/policy', 'src/spaces', 'src/core', 'src/registry', 'src/wrappers', 'src/rng', 'envs/classic'];

function stale(): boolean {
  if (!existsSync(join(ROOT, 'dist/src/index.js')) || !existsSync(join(ROOT, 'dist/envs/index.js'))) return true;
  return WATCHED.some((d) => existsSync(join(ROOT, d)) && staleFile(join(ROOT, d)));
}

/**
 * Workers (AsyncVectorEnv, RolloutPool) run the compiled `dist/`: rebuild it when it is missing or a
 * source they run is newer (under a lock, so parallel test files build once). Type errors elsewhere do
 * not stop tsc emitting.
 */
export function ensureBuilt(): void {
  if (!stale()) return;
  const lock = join(ROOT, 'dist', '.build-lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const t0 = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - statSafe(lock) > 120_000) rmdirSafe(lock);
      if (Date.now() - t0 > 180_000) throw new Error('ensureBuilt: waited 3 minutes for the build lock');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (stale()) {
      try {
        // the build compiler is TypeScript 7 (package alias typescript-7; 'typescript' is 6, the linter's)
        execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript-7', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
      } catch {
        // type errors in other folders: tsc still emitted
      }
    }
  } finally {
    rmdirSafe(lock);
  }
}

function statSafe(p: string): number {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return Date.now();
  }
}

function rmdirSafe(p: string): void {
  try {
    rmdirSync(p);
  } catch {
    // already gone
  }
}
