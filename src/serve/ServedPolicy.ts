import { InvalidFile } from '../core/errors.js';
import { networkFormat } from '../policy/networkFormats.js';
import type { Policy } from '../policy/Policy.js';
import { policyVersion, readPolicyJson, ServedModel } from './ServedModel.js';

/**
 * A served network of a registered format other than `tsgym-mlp` (e.g. JobShop-v0's `tsgym-gnn`): its
 * format parses each request's observation and its policy answers it, one request at a time (no batched
 * pass, drift statistics or explanations, which are for MLP networks).
 *
 * @example
 * ```ts
 * const m = loadServed('runs/gnn/policy.json');
 * if (m instanceof ServedPolicy) m.act(m.parse(json));
 * ```
 */
export class ServedPolicy {
  private readonly policy: Policy<any, any>;

  constructor(readonly format: string, readonly version: string, private readonly parseObs: (json: unknown) => unknown, policy: Policy<any, any>) {
    this.policy = policy;
  }

  /** The observation in a request body (throws InvalidObservation). */
  parse(json: unknown): unknown {
    return this.parseObs(json);
  }

  /** The policy's action. */
  act(obs: unknown): unknown {
    return this.policy.act(obs, {});
  }
}

/**
 * Reads a `policy.json` for serving: a `tsgym-mlp` network as a batched {@link ServedModel}, a registered
 * format that can be served as a {@link ServedPolicy}; errors name the file.
 *
 * @example
 * ```ts
 * const model = loadServed('runs/dqn-signal/policy.json');
 * ```
 */
export function loadServed(file: string): ServedModel | ServedPolicy {
  const { text, data } = readPolicyJson(file);
  const format = (data as { format?: unknown } | null)?.format;
  const f = typeof format === 'string' && format !== 'tsgym-mlp' ? networkFormat(format) : undefined;
  if (f === undefined) return ServedModel.fromFile(file);
  if (f.serve === undefined) throw new InvalidFile(`'${file}': ${format} networks cannot be served`);
  return new ServedPolicy(f.format, policyVersion(text), f.serve.parseObservation, f.serve.policy(f.parse(data, file)));
}
