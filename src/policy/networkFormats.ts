import type { Env } from '../core/Env.js';
import type { Policy } from './Policy.js';

/**
 * A network file format besides `tsgym-mlp` (e.g. JobShop-v0's `tsgym-gnn` dispatcher): how to validate
 * a parsed `policy.json` and build its policy for an env. Registered by the env module that owns it, so
 * `--policy RUN_DIR` works in eval, compare, record and RolloutPool workers.
 */
export interface NetworkFormat {
  /** The file's `format` field. */
  readonly format: string;
  /** Whether networks of this format can drive the env with this id. */
  appliesTo(envId: string): boolean;
  /** Validates parsed JSON (throws InvalidFile naming the problem) and returns the network. */
  parse(data: unknown, where: string): unknown;
  /** The policy running `network` in `env`. */
  create(network: unknown, env: Env<any, any>, opts: { deterministic: boolean }): Policy<any, any>;
  /**
   * For `tsgym serve`: the policy acting from observations alone, and how to read one observation from
   * request JSON (throwing InvalidObservation naming the problem). Networks that take observations of
   * any size (a graph) cannot use the fixed observation space of MLP serving.
   */
  serve?: {
    policy(network: unknown): Policy<any, any>;
    parseObservation(json: unknown): unknown;
  };
}

const formats = new Map<string, NetworkFormat>();

/**
 * Registers a network format (idempotent by `format`).
 *
 * @example
 * ```ts
 * registerNetworkFormat({ format: 'tsgym-gnn', appliesTo: (id) => id === 'JobShop-v0', parse, create });
 * ```
 */
export function registerNetworkFormat(f: NetworkFormat): void {
  if (!formats.has(f.format)) formats.set(f.format, f);
}

/**
 * The registered format named `format`, if any.
 *
 * @example
 * ```ts
 * networkFormat('tsgym-gnn')?.appliesTo('JobShop-v0'); // true
 * ```
 */
export function networkFormat(format: string): NetworkFormat | undefined {
  return formats.get(format);
}
