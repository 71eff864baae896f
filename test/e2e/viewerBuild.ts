import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/viewer with vite when it is missing or older than its sources; returns its folder. */
export async function ensureViewerBuilt(): Promise<string> {
  const out = join(root, 'dist', 'viewer');
  const index = join(out, 'index.html');
  const src = Math.max(newest(join(root, 'renderers', 'viewer')), newest(join(root, 'renderers', 'format')));
  if (!existsSync(index) || statSync(index).mtimeMs < src) {
    const { build } = await import('vite');
    await build({ configFile: join(root, 'renderers', 'viewer', 'vite.config.ts'), logLevel: 'error' });
  }
  return out;
}
