import { Env } from '../core/Env.js';
import { ParallelEnv } from '../core/ParallelEnv.js';
import { InvalidConfig, UnknownEnv } from '../core/errors.js';
import { OrderEnforcing } from '../wrappers/OrderEnforcing.js';
import { PassiveEnvChecker } from '../wrappers/PassiveEnvChecker.js';
import { TimeLimit } from '../wrappers/TimeLimit.js';
import type { EnvSpec } from '../core/EnvSpec.js';

const ID_RE = /^(?:([\w:.-]+)\/)?([\w:.-]+?)(?:-v(\d+))$/;

/** All registered specs by id. */
export const registry: Map<string, EnvSpec> = new Map();

/** Splits `ns/Name-vN` into its parts, or throws UnknownEnv for a badly formed id. */
export function parseEnvId(id: string): { namespace: string | undefined; name: string; version: number } {
  const m = ID_RE.exec(id);
  if (!m) throw new UnknownEnv(`Malformed environment id '${id}': expected 'Name-vN' (e.g. 'CartPole-v1')`);
  return { namespace: m[1], name: m[2] ?? '', version: Number(m[3]) };
}

/**
 * Splits Gymnasium's `module:Env-vN` form: the module (a package name or a path) whose import registers
 * the env, and the id itself. An id without a module prefix comes back as it is.
 *
 * @example
 * ```ts
 * splitModuleId('my-pkg:Inventory-v0'); // { module: 'my-pkg', id: 'Inventory-v0' }
 * splitModuleId('CartPole-v1'); // { module: undefined, id: 'CartPole-v1' }
 * ```
 */
export function splitModuleId(id: string): { module: string | undefined; id: string } {
  const i = id.lastIndexOf(':');
  if (i <= 0 || i === id.length - 1) return { module: undefined, id };
  return { module: id.slice(0, i), id: id.slice(i + 1) };
}

/**
 * Registers an environment under `Name-vN`.
 *
 * @example
 * ```ts
 * register({ id: 'MyEnv-v0', entryPoint: (kw) => new MyEnv(kw), module: import.meta.url, maxEpisodeSteps: 200 });
 * ```
 */
export function register(spec: EnvSpec): void {
  parseEnvId(spec.id);
  if (registry.has(spec.id)) throw new UnknownEnv(`Environment '${spec.id}' is already registered`);
  if (spec.maxEpisodeSteps !== undefined && (!Number.isInteger(spec.maxEpisodeSteps) || spec.maxEpisodeSteps <= 0)) {
    throw new InvalidConfig(`register('${spec.id}'): maxEpisodeSteps must be a positive integer, got ${spec.maxEpisodeSteps}`);
  }
  registry.set(spec.id, spec);
}

/** Removes a registration (mainly for tests). */
export function unregister(id: string): boolean {
  return registry.delete(id);
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] ?? 0;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] ?? 0;
      dp[j] = Math.min((dp[j] ?? 0) + 1, (dp[j - 1] ?? 0) + 1, prev + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] ?? 0;
}

/** Registered ids close to `id` (same name other version, or small edit distance). */
export function similarIds(id: string): string[] {
  const wanted = ID_RE.exec(id)?.[2] ?? id;
  const scored = [...registry.keys()].map((k) => {
    const name = ID_RE.exec(k)?.[2] ?? k;
    return { k, d: name.toLowerCase() === wanted.toLowerCase() ? 0 : Math.min(levenshtein(wanted, name), levenshtein(id, k)) };
  });
  return scored.filter((s) => s.d <= Math.max(2, Math.floor(wanted.length / 3))).sort((a, b) => a.d - b.d || a.k.localeCompare(b.k)).map((s) => s.k);
}

/**
 * The spec of a registered id, or UnknownEnv naming close ids.
 *
 * @example
 * ```ts
 * spec('CartPole-v1').maxEpisodeSteps; // 500
 * ```
 */
export function spec(id: string): EnvSpec {
  const s = registry.get(id);
  if (s) return s;
  parseEnvId(id);
  const near = similarIds(id);
  throw new UnknownEnv(`No registered environment with id '${id}'.${near.length ? ` Did you mean: ${near.join(', ')}?` : ''} See \`tsgym list\` for all ids.`);
}

/** Options of `make` that are not env kwargs. */
export interface MakeOptions {
  /** Overrides the spec's TimeLimit (0 or undefined with `disableTimeLimit` for none). */
  maxEpisodeSteps?: number;
  /** Passed to the env as kwarg `renderMode`. */
  renderMode?: string;
  /** Skip the PassiveEnvChecker. */
  disableEnvChecker?: boolean;
}

/**
 * Builds a registered env with the standard wrappers: PassiveEnvChecker, TimeLimit (if the spec has a
 * limit) and OrderEnforcing. OrderEnforcing is outermost so it also refuses a step after a TimeLimit
 * truncation (Gymnasium puts TimeLimit outermost). ParallelEnvs are returned unwrapped.
 *
 * @example
 * ```ts
 * const env = make('CartPole-v1');
 * const [obs] = env.reset({ seed: 0 });
 * ```
 */
export function make(id: string, kwargs: Record<string, unknown> = {}, opts: MakeOptions = {}): Env<any, any> {
  const s = spec(id);
  if (s.parallel) throw new UnknownEnv(`'${id}' is a multi-agent ParallelEnv: use makeParallel('${id}')`);
  const merged: Record<string, unknown> = { ...(s.kwargs ?? {}), ...kwargs };
  if (opts.renderMode !== undefined) merged.renderMode = opts.renderMode;
  const built = s.entryPoint(merged);
  if (!(built instanceof Env)) throw new UnknownEnv(`Entry point of '${id}' did not return an Env`);
  let env: Env<any, any> = built;
  env.spec = s;
  if (!(opts.disableEnvChecker ?? s.disableEnvChecker)) env = new PassiveEnvChecker(env);
  const limit = opts.maxEpisodeSteps ?? s.maxEpisodeSteps;
  if (limit !== undefined && limit > 0) env = new TimeLimit(env, limit);
  return new OrderEnforcing(env);
}

/**
 * Builds a registered multi-agent env.
 *
 * @example
 * ```ts
 * const grid = makeParallel('TrafficGrid-v0', { rows: 2, cols: 2 });
 * ```
 */
export function makeParallel(id: string, kwargs: Record<string, unknown> = {}): ParallelEnv<string, any, any> {
  const s = spec(id);
  const built = s.entryPoint({ ...(s.kwargs ?? {}), ...kwargs });
  if (!(built instanceof ParallelEnv)) throw new UnknownEnv(`'${id}' is a single-agent Env: use make('${id}')`);
  built.spec = s;
  return built;
}
