import { InvalidConfig } from '../../../../src/core/errors.js';

/**
 * A Node built-in module loaded when first needed (`process.getBuiltinModule`), so that importing tsgym's
 * envs in a browser does not fail: only running SUMO needs Node.
 *
 * @example
 * ```ts
 * const fs = nodeModule<typeof import('node:fs')>('node:fs');
 * ```
 */
export function nodeModule<T>(id: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = proc?.getBuiltinModule;
  if (!get) throw new InvalidConfig(`backend 'sumo' needs Node.js >= 20.16 (it runs the sumo program); ${id} is not available here`);
  return get(id) as T;
}
