import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { CliError } from './CliError.js';

/**
 * Commander option parser for integers with a lower bound; errors name the flag and the value.
 *
 * @example
 * ```ts
 * program.option('--steps <n>', 'env steps', intAtLeast('--steps', 1));
 * ```
 */
export function intAtLeast(flag: string, min: number): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new CliError(`Invalid ${flag} '${v}': expected an integer >= ${min}`);
    }
    return n;
  };
}

/** The most episodes one command runs: each episode's result is kept in memory (and an episode takes a while). */
export const MAX_EPISODES = 1_000_000;

/**
 * Commander parser of an episode count: an integer from `min` to {@link MAX_EPISODES}, else a CliError
 * naming the flag, the value and the range.
 *
 * @example
 * ```ts
 * program.option('--episodes <n>', 'episodes', episodeCount('--episodes', 1), 10);
 * ```
 */
export function episodeCount(flag: string, min: number): (v: string) => number {
  const atLeast = intAtLeast(flag, min);
  return (v: string) => {
    const n = atLeast(v);
    if (n > MAX_EPISODES)
      throw new CliError(`Invalid ${flag} '${v}': expected an integer from ${min} to ${MAX_EPISODES.toLocaleString('en-US')} (results are kept in memory)`);
    return n;
  };
}

/** Commander collector for repeatable `--set key=value`. */
export function collectSet(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** Parses a `--set` value: JSON when it parses (numbers, booleans, arrays, objects), else the raw string. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Applies `key.sub=value` overrides onto a copy of `base`, creating nested objects as needed.
 *
 * @example
 * ```ts
 * applySets({ a: { b: 1 } }, ['a.b=2', 'c=true']); // { a: { b: 2 }, c: true }
 * ```
 */
export function applySets(base: Record<string, unknown>, sets: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new CliError(`Invalid --set '${s}': expected key=value (e.g. --set demand.flow=600)`);
    const path = s.slice(0, eq).split('.');
    if (path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) {
      throw new CliError(`Invalid --set key '${s.slice(0, eq)}': expected dotted names like a.b.c`);
    }
    let node: Record<string, unknown> = out;
    for (const p of path.slice(0, -1)) {
      const next = node[p];
      if (next === undefined) node[p] = {};
      else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        throw new CliError(`Invalid --set '${s}': '${p}' is ${JSON.stringify(next)}, not an object`);
      }
      node = node[p] as Record<string, unknown>;
    }
    node[path[path.length - 1] ?? ''] = parseValue(s.slice(eq + 1));
  }
  return out;
}

/**
 * Parses YAML; its warnings (e.g. an unresolved `!!js/function` tag, which stays a string) are printed once
 * each as one line naming file and line, instead of the library's multi-line process warnings.
 */
function parseYamlOnce(text: string, path: string): unknown {
  const doc = parseDocument(text, { logLevel: 'silent' });
  const err = doc.errors[0];
  if (err !== undefined) throw err;
  for (const w of doc.warnings) {
    const line = w.linePos?.[0].line;
    process.stderr.write(`tsgym: warning: ${path}${line === undefined ? '' : `:${line}`}: ${(w.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}\n`);
  }
  return doc.toJS();
}

/**
 * Reads a JSON or YAML config file into an object; errors name the file and what went wrong.
 *
 * @example
 * ```ts
 * const cfg = loadConfigFile('scenario.yaml');
 * ```
 */
export function loadConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`Cannot read config file '${path}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let data: unknown;
  const ext = extname(path).toLowerCase();
  try {
    data = ext === '.yaml' || ext === '.yml' ? parseYamlOnce(text, path) : JSON.parse(text);
  } catch (e) {
    throw new CliError(`Config file '${path}' is not valid ${ext === '.yaml' || ext === '.yml' ? 'YAML' : 'JSON'}: ${(e as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new CliError(`Config file '${path}' must hold an object at the top level, got ${Array.isArray(data) ? 'an array' : typeof data}`);
  }
  return data as Record<string, unknown>;
}

/**
 * A comma-separated option as a list (blanks dropped), or undefined when the option was not given.
 *
 * @example
 * ```ts
 * listOption('meanDelay, queue'); // ['meanDelay', 'queue']
 * ```
 */
export function listOption(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const out = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (out.length === 0) throw new CliError(`Invalid list '${v}': expected comma-separated names such as meanDelay,queue`);
  return out;
}
