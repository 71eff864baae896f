import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registerBusyStep } from './BusyStepEnv.js';

const loaded = new Map<string, Promise<unknown>>();
const domainErrors: string[] = [];

/**
 * Built-in env domains that failed to load in this worker (`'factory: SyntaxError: ...'`), for error
 * messages: the other domains still work.
 *
 * @example
 * ```ts
 * if (domainLoadErrors().length) console.error(domainLoadErrors().join('; '));
 * ```
 */
export function domainLoadErrors(): readonly string[] {
  return domainErrors;
}

/** Imports each `envs/<domain>/index.js` on its own, recording the ones that fail. */
async function loadDomainsOneByOne(envsDirUrl: URL): Promise<void> {
  const dir = fileURLToPath(envsDirUrl);
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const index = join(dir, d.name, 'index.js');
    if (!d.isDirectory() || !existsSync(index)) continue;
    try {
      await import(pathToFileURL(index).href);
    } catch (e) {
      domainErrors.push(`${d.name}: ${(e as Error).name}: ${(e as Error).message}`);
    }
  }
}

function isMissing(e: unknown, url: string): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return err.code === 'ERR_MODULE_NOT_FOUND' && typeof err.message === 'string' && err.message.includes(new URL(url).pathname);
}

function once(url: string, load: () => Promise<unknown>): Promise<unknown> {
  let p = loaded.get(url);
  if (p === undefined) {
    p = load();
    loaded.set(url, p);
  }
  return p;
}

/**
 * In a worker thread: imports the built-in envs (`dist/envs/index.js`) and registers BusyStep-v0, then each setup module
 * (a module URL whose import registers envs or policies; if it exports `setup(tsgym)`, that is called
 * once with the core module, so a plain `.mjs` file can register envs without importing tsgym itself).
 * Each module is loaded once per thread. `fromUrl` is the caller's `import.meta.url` in `dist/src/<folder>/`.
 *
 * @example
 * ```ts
 * await loadWorkerModules(import.meta.url, ['file:///home/me/myEnvs.mjs']);
 * ```
 */
export async function loadWorkerModules(fromUrl: string, setupModules: readonly string[]): Promise<void> {
  // every built-in env and baseline policy: dist/envs/index.js, beside dist/src/
  const envsUrl = new URL('../../envs/index.js', fromUrl).href;
  await once(envsUrl, async () => {
    try {
      await import(envsUrl);
    } catch (e) {
      if (isMissing(e, envsUrl)) return;
      // one domain is broken: load the others so their envs still work
      await loadDomainsOneByOne(new URL('../../envs/', fromUrl));
      if (domainErrors.length === 0) throw e;
    }
  });
  registerBusyStep();
  const coreUrl = new URL('../index.js', fromUrl).href;
  for (const m of setupModules) {
    await once(m, async () => {
      const mod = (await import(m)) as { setup?: (tsgym: unknown) => unknown };
      if (typeof mod.setup === 'function') await mod.setup(await once(coreUrl, () => import(coreUrl)));
    });
  }
}
