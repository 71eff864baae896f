import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spec, splitModuleId } from '../registry/registry.js';
import { CliError } from './CliError.js';

/**
 * Registers every built-in environment and baseline policy (idempotent: modules load once).
 *
 * @example
 * ```ts
 * await loadEnvs(); make('CartPole-v1');
 * ```
 */
export async function loadEnvs(): Promise<void> {
  await import('../../envs/index.js');
}

function isPath(m: string): boolean {
  return m.startsWith('.') || isAbsolute(m) || m.startsWith('file:');
}

function notFound(e: unknown, m: string): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return err.code === 'ERR_MODULE_NOT_FOUND' && typeof err.message === 'string' && err.message.includes(`'${m}'`);
}

/**
 * Imports a module that registers envs: a path (relative to the working directory) or a package name,
 * found from tsgym's own install first, then from the working directory (a package of the user's project).
 *
 * @example
 * ```ts
 * await importEnvModule('./dist/inventory.js');
 * await importEnvModule('my-pkg');
 * ```
 */
export async function importEnvModule(m: string): Promise<void> {
  try {
    if (isPath(m)) {
      await import(m.startsWith('file:') ? m : pathToFileURL(resolve(m)).href);
      return;
    }
    try {
      await import(m);
      return;
    } catch (e) {
      if (!notFound(e, m)) throw e;
    }
    let file: string;
    try {
      file = createRequire(join(process.cwd(), 'package.json')).resolve(m);
    } catch {
      throw new CliError(
        `Cannot import env module '${m}': no such package from ${process.cwd()} (expected an installed package name or a path like ./dist/envs.js)`,
      );
    }
    await import(pathToFileURL(file).href);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`Cannot import env module '${m}': ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
}

/** The options every command that takes `--env` shares. */
export interface EnvModuleArgs {
  env: string;
  /** `--import MODULE` (repeatable): modules whose import registers envs. */
  import?: string[];
}

/**
 * Makes `--env` usable: registers the built-in envs, imports each `--import` module and the module of a
 * `module:Env-vN` id (Gymnasium's form, e.g. `my-pkg:Inventory-v0`), checks the id is registered and
 * returns it without its module prefix.
 *
 * @example
 * ```ts
 * opts.env = await loadEnv({ env: 'my-pkg:Inventory-v0' }); // 'Inventory-v0'
 * ```
 */
export async function loadEnv(a: EnvModuleArgs): Promise<string> {
  await loadEnvs();
  for (const m of a.import ?? []) await importEnvModule(m);
  const { module, id } = splitModuleId(a.env);
  if (module !== undefined) await importEnvModule(module);
  spec(id);
  return id;
}
