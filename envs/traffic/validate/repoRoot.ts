import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root (the nearest folder above this file holding package.json), so the validation
 * scripts find `test/fixtures` both from `envs/` (vitest) and from `dist/envs/` (npm scripts).
 *
 * @example
 * ```ts
 * join(repoRoot(), 'test/fixtures/sumo/cross/cross.net.xml');
 * ```
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}
