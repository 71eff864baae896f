const loaded = new Map<string, Promise<unknown>>();

function once(url: string, load: () => Promise<unknown>): Promise<unknown> {
  let p = loaded.get(url);
  if (p === undefined) {
    p = load();
    loaded.set(url, p);
  }
  return p;
}

/**
 * In a worker thread: imports each module once per thread, in order. The list starts with the module
 * that registered the env (`EnvSpec.module`, so built-in and third-party envs alike exist in the worker),
 * then the caller's setup modules. A module that exports `setup(tsgym)` has it called once with the core
 * module, so a plain `.mjs` file can register envs without importing tsgym itself. `fromUrl` is the
 * caller's `import.meta.url` in `dist/src/<folder>/`.
 *
 * @example
 * ```ts
 * await loadWorkerModules(import.meta.url, ['file:///app/dist/inventory.js', 'file:///home/me/myEnvs.mjs']);
 * ```
 */
export async function loadWorkerModules(fromUrl: string, modules: readonly string[]): Promise<void> {
  const coreUrl = new URL('../index.js', fromUrl).href;
  for (const m of modules) {
    await once(m, async () => {
      const mod = (await import(m)) as { setup?: (tsgym: unknown) => unknown };
      if (typeof mod.setup === 'function') await mod.setup(await once(coreUrl, () => import(coreUrl)));
    });
  }
}
