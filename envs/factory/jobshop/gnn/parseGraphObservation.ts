import { InvalidObservation } from '../../../../src/core/errors.js';
import type { JobShopGraphObs } from '../JobShopEnv.js';
import { N_OP_FEATURES } from '../opFeatures.js';

function numbers(v: unknown, key: string, n: number | undefined, integer: boolean): number[] {
  const flat = Array.isArray(v) && v.every((r) => Array.isArray(r)) ? (v as unknown[][]).flat() : v;
  if (!Array.isArray(flat)) throw new InvalidObservation(`${key} must be an array of numbers, got ${v === null ? 'null' : typeof v}`);
  if (n !== undefined && flat.length !== n) throw new InvalidObservation(`${key} has ${flat.length} numbers, expected ${n}`);
  for (let i = 0; i < flat.length; i++) {
    const x = flat[i];
    if (typeof x !== 'number' || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
      throw new InvalidObservation(`${key}[${i}] must be a finite ${integer ? 'integer' : 'number'}, got ${JSON.stringify(x)}`);
    }
  }
  return flat as number[];
}

/**
 * Reads JobShop-v0's graph observation from request JSON (`tsgym serve` of a dispatcher): `actionMask`
 * (J entries), `opFeatures` (J * M * N_OP_FEATURES numbers, flat or one row per operation), `opMachine`
 * (J * M machine indexes) and optionally `machinePred`. Any instance size; sizes must agree.
 *
 * @example
 * ```ts
 * const obs = parseGraphObservation(JSON.parse(body).obs);
 * ```
 */
export function parseGraphObservation(json: unknown): JobShopGraphObs {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidObservation(
      `Expected JobShop-v0's graph observation {actionMask, opFeatures, opMachine}, got ${Array.isArray(json) ? 'an array' : typeof json}`,
    );
  }
  const o = json as Record<string, unknown>;
  const mask = numbers(o.actionMask, 'actionMask', undefined, true);
  const J = mask.length;
  const machine = numbers(o.opMachine, 'opMachine', undefined, true);
  const N = machine.length;
  const M = N / Math.max(1, J);
  if (J === 0 || !Number.isInteger(M) || M < 1) throw new InvalidObservation(`opMachine has ${N} entries for ${J} jobs: expected jobs x machines`);
  if (machine.some((m) => m < 0 || m >= M)) throw new InvalidObservation(`opMachine entries must be machine indexes 0..${M - 1}`);
  if (mask.some((v) => v !== 0 && v !== 1)) throw new InvalidObservation('actionMask entries must be 0 or 1');
  const features = numbers(o.opFeatures, 'opFeatures', N * N_OP_FEATURES, false);
  const pred = o.machinePred === undefined ? new Array<number>(N).fill(-1) : numbers(o.machinePred, 'machinePred', N, true);
  return { actionMask: Int8Array.from(mask), opFeatures: Float32Array.from(features), opMachine: Int32Array.from(machine), machinePred: Int32Array.from(pred) };
}
