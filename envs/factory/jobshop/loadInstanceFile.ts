import { InvalidConfig, InvalidFile } from '../../../src/core/errors.js';
import { parseJobShop, type JobShopInstance } from './JobShopInstance.js';

interface FsLike {
  readFileSync(path: string, enc: 'utf8'): string;
}

/** node:fs when running under Node (without a static import, so this module still loads in a browser). */
function nodeFs(): FsLike | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = proc?.getBuiltinModule;
  return typeof get === 'function' ? (get.call(proc, 'node:fs') as FsLike) : null;
}

/**
 * Reads a job-shop instance file (OR-Library or Taillard format) under Node. In a browser, read the text
 * yourself and use `parseJobShop` (or JobShop-v0's `instanceText` kwarg).
 *
 * @example
 * ```ts
 * const inst = loadInstanceFile('data/jobshop/ft10.txt');
 * ```
 */
export function loadInstanceFile(path: string, instance?: string): JobShopInstance {
  const fs = nodeFs();
  if (fs === null) throw new InvalidConfig(`instanceFile='${path}' needs Node's file system; in a browser pass the file's text as instanceText`);
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw new InvalidFile(`Cannot read job-shop instance file '${path}': ${(e as Error).message}`);
  }
  const base = path.split(/[\\/]/).pop() ?? path;
  return parseJobShop(text, instance ?? base.replace(/\.[^.]*$/, ''), instance, path);
}
