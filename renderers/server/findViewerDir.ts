import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built viewer (`dist/viewer/`, made by `vite build --config renderers/viewer/vite.config.ts`),
 * found by walking up from this module (works from the sources and from `dist/`); `null` if not built.
 *
 * @example
 * ```ts
 * const dir = findViewerDir(); // '/home/me/tsgym/dist/viewer'
 * ```
 */
export function findViewerDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const cand = join(dir, 'dist', 'viewer');
    if (existsSync(join(cand, 'index.html'))) return cand;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}
