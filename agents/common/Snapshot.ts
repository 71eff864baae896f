import { InvalidFile } from '../../src/core/errors.js';

/** A typed array a checkpoint stores (in `state.bin`). */
export type SnapshotArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/**
 * The dynamic state of one part of a learner (replay buffer, episode tracker, rollout collector, the
 * agent's own counters), as a checkpoint stores it: JSON values in `state`, typed arrays in `arrays`.
 * Names are unique within a checkpoint, so the parts' snapshots merge into one.
 *
 * @example
 * ```ts
 * const s = mergeSnapshots(rb.snapshot(), tracker.snapshot());
 * rb.restore(s); tracker.restore(s);
 * ```
 */
export interface Snapshot {
  readonly state: Readonly<Record<string, unknown>>;
  readonly arrays: Readonly<Record<string, SnapshotArray>>;
}

/**
 * One snapshot of several parts; throws RangeError if two parts use the same name.
 *
 * @example
 * ```ts
 * mergeSnapshots({ state: { a: 1 }, arrays: {} }, { state: { b: 2 }, arrays: {} }).state; // { a: 1, b: 2 }
 * ```
 */
export function mergeSnapshots(...parts: readonly Snapshot[]): Snapshot {
  const state: Record<string, unknown> = {};
  const arrays: Record<string, SnapshotArray> = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.state)) {
      if (k in state) throw new RangeError(`Snapshot name '${k}' is used twice`);
      state[k] = v;
    }
    for (const [k, v] of Object.entries(p.arrays)) {
      if (k in arrays) throw new RangeError(`Snapshot array '${k}' is used twice`);
      arrays[k] = v;
    }
  }
  return { state, arrays };
}

/**
 * A named array of a snapshot, checked against the length it must have; InvalidFile naming it otherwise.
 *
 * @example
 * ```ts
 * this.lastObs.set(snapshotArray(s, 'lastObs', this.lastObs.length));
 * ```
 */
export function snapshotArray<T extends SnapshotArray>(s: Snapshot, name: string, length?: number): T {
  const a = s.arrays[name];
  if (a === undefined) throw new InvalidFile(`Checkpoint lacks array '${name}'`);
  if (length !== undefined && a.length !== length) throw new InvalidFile(`Checkpoint array '${name}' has ${a.length} values, expected ${length}`);
  return a as T;
}

/**
 * A number of a snapshot's state, or InvalidFile naming it.
 *
 * @example
 * ```ts
 * this.pos = snapshotNumber(s, 'rbPos');
 * ```
 */
export function snapshotNumber(s: Snapshot, name: string): number {
  const v = s.state[name];
  if (typeof v !== 'number') throw new InvalidFile(`Checkpoint state '${name}' should be a number, got ${JSON.stringify(v)}`);
  return v;
}
