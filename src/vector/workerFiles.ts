import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidConfig } from '../core/errors.js';

/**
 * The compiled file of a worker entry next to the calling module. Node 20 cannot run `.ts` in worker
 * threads, so when the caller itself runs from `src/` (tests, ts loaders) this maps to the same place in
 * `dist/`; throws InvalidConfig asking for `npm run build` when the compiled file is missing.
 *
 * @example
 * ```ts
 * const file = workerFile(import.meta.url, 'asyncWorker.js'); // .../dist/src/vector/asyncWorker.js
 * ```
 */
export function workerFile(callerUrl: string, name: string): string {
  const here = fileURLToPath(callerUrl);
  let dir = dirname(here);
  if (here.endsWith('.ts')) {
    const marker = `${sep}src${sep}`;
    const at = dir.lastIndexOf(marker) >= 0 ? dir.lastIndexOf(marker) : (dir + sep).lastIndexOf(marker);
    if (at < 0) throw new InvalidConfig(`Cannot locate the compiled worker '${name}' for ${here}: expected it under a 'src' folder`);
    dir = join(dir.slice(0, at), 'dist', dir.slice(at + 1));
  }
  const file = join(dir, name);
  if (!existsSync(file)) throw new InvalidConfig(`Worker file ${file} does not exist: run \`npm run build\` first (workers load the compiled dist/)`);
  return file;
}

/**
 * A module specifier for a worker to import: URLs (`file:`, `data:`) as they are, paths resolved against
 * the working directory and turned into `file:` URLs.
 *
 * @example
 * ```ts
 * toModuleUrl('./myEnvs.mjs'); // 'file:///home/me/project/myEnvs.mjs'
 * ```
 */
export function toModuleUrl(spec: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec) && !/^[a-z]:[\\/]/i.test(spec)) return spec;
  return pathToFileURL(isAbsolute(spec) ? spec : resolve(spec)).href;
}
