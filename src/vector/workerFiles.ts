import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidConfig } from '../core/errors.js';
import { registry } from '../registry/registry.js';

/**
 * Where the compiled `.js` of a `.ts` source file is: `<package root>/dist/<same path>.js`, the package
 * root being the nearest folder above with a package.json (the layout `tsc` writes); undefined when
 * there is no such file.
 */
function compiledPath(tsFile: string): string | undefined {
  for (let dir = dirname(tsFile); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const js = join(dir, 'dist', relative(dir, tsFile)).replace(/\.ts$/, '.js');
      return existsSync(js) ? js : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The compiled file of a worker entry next to the calling module. Node 20 cannot run `.ts` in worker
 * threads, so when the caller itself runs from source (tests, ts loaders) this maps to the same place in
 * `dist/`; throws InvalidConfig asking for `npm run build` when the compiled file is missing.
 *
 * @example
 * ```ts
 * const file = workerFile(import.meta.url, 'asyncWorker.js'); // .../dist/src/vector/asyncWorker.js
 * ```
 */
export function workerFile(callerUrl: string, name: string): string {
  const here = fileURLToPath(callerUrl);
  const file = here.endsWith('.ts') ? compiledPath(join(dirname(here), name.replace(/\.js$/, '.ts'))) : join(dirname(here), name);
  if (file === undefined || !existsSync(file)) {
    throw new InvalidConfig(`Worker file '${name}' for ${here} is not compiled: run \`npm run build\` first (workers load the compiled dist/)`);
  }
  return file;
}

/**
 * A module specifier for a worker to import: URLs (`file:`, `data:`) as they are, paths resolved against
 * the working directory and turned into `file:` URLs; a `.ts` source file of a compiled package becomes
 * its `dist/` `.js` (workers cannot load TypeScript).
 *
 * @example
 * ```ts
 * toModuleUrl('./myEnvs.mjs'); // 'file:///home/me/project/myEnvs.mjs'
 * ```
 */
export function toModuleUrl(spec: string): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(spec) && !/^[a-z]:[\\/]/i.test(spec);
  if (isUrl && !spec.startsWith('file:')) return spec;
  const file = isUrl ? fileURLToPath(spec) : isAbsolute(spec) ? spec : resolve(spec);
  const compiled = file.endsWith('.ts') ? compiledPath(file) : undefined;
  return pathToFileURL(compiled ?? file).href;
}

/**
 * The modules a worker imports before making `envId`: the module that registered it in this thread
 * (`EnvSpec.module`), then `setupModules` (for ids registered only in the workers), as worker-loadable URLs.
 *
 * @example
 * ```ts
 * workerModules('CartPole-v1'); // ['file:///.../dist/envs/classic/registerClassic.js']
 * ```
 */
export function workerModules(envId: string, setupModules: readonly string[] = []): string[] {
  const own = registry.get(envId)?.module;
  return [...(own !== undefined ? [own] : []), ...setupModules].map(toModuleUrl);
}
