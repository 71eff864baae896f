/* The routing device's moving average of travel speeds (`RoutingDevice.ts`). */

/** SUMO's `device.rerouting.adaptation-steps`: travel speeds are averaged over this many steps. */
export const ADAPTATION_STEPS = 180;
/** The current speed handed to `average` (a field: no boxed number on the call). */
export const cur = { v: 0.5 };

/**
 * One step of SUMO's moving average of item `x`'s speed over the last ADAPTATION_STEPS samples (ring slot `i`: `past[x * ADAPTATION_STEPS + i]`,
 * so an item's samples of consecutive steps share cache lines), its current speed `cur.v`, `set`: start afresh at it. An item empty for the
 * whole window averages its free speed exactly, so it is skipped until a vehicle is on it again.
 */
export function average(speed: Float64Array, past: Float64Array, quiet: Int32Array, x: number, i: number, busy: boolean, set: boolean): void {
  if (set) {
    speed[x] = cur.v;
    quiet[x] = ADAPTATION_STEPS;
    return;
  }
  const q = busy ? 0 : (quiet[x] ?? 0);
  if (q >= ADAPTATION_STEPS) return;
  const k = x * ADAPTATION_STEPS + i;
  const c = cur.v;
  speed[x] = q + 1 >= ADAPTATION_STEPS ? c : (speed[x] ?? 0) + (c - (past[k] ?? 0)) / ADAPTATION_STEPS;
  past[k] = c;
  quiet[x] = busy ? 0 : q + 1;
}
