import type { EngineState } from './EngineState.js';
import { placeAt } from './insertionPhase.js';
import { onRoad } from './routing.js';
import { atStop, nextStop, startStop } from './stops.js';
import { VEH_PARKED, VEH_RUNNING } from './VehicleStore.js';

/**
 * SUMO's parking stops (`<stop parking="true">`, a stop at a `parkingArea`): a vehicle that has come to
 * its parking stop leaves the lane (it blocks nobody, as if it stood beside the road) and stays off it
 * for the stop's duration (at least until its `until`); then it comes back onto the same lane at the same
 * place, standing, as soon as the vehicles around leave room for it (SUMO's insertion checks), and drives
 * on to its next stop or its destination. Parked vehicles (`parked`) count as running in the metrics, as in SUMO.
 *
 * @example
 * ```ts
 * parkAndLeave(state); // once per step, after the vehicles moved
 * ```
 */
export function parkAndLeave(e: EngineState): void {
  const vs = e.veh;
  for (const v of e.toPark) {
    if (vs.state[v] !== VEH_RUNNING) continue;
    // SUMO parks a vehicle as soon as it stands at its stop, before the vehicles behind it plan their next step
    if (vs.stopped[v] !== 1) {
      if (!atStop(e, v)) continue;
      startStop(e, v, e.time);
    }
    e.unlink(v);
    vs.deactivate(v);
    vs.state[v] = VEH_PARKED;
    vs.speed[v] = 0;
    vs.acc[v] = 0;
    vs.nItems[v] = 0;
    vs.waitCur[v] = 0;
    e.parked.push(v);
  }
  e.toPark.length = 0;
  if (e.parked.length === 0) return;
  let kept = 0;
  for (const v of e.parked) {
    const lane = vs.seg[v] ?? 0;
    if (e.time + 1e-9 >= (vs.stopUntil[v] ?? 0) && placeAt(e, v, lane, vs.pos[v] ?? 0)) {
      nextStop(e, v);
      onRoad(e, v, lane);
      continue;
    }
    e.parked[kept++] = v;
  }
  e.parked.length = kept;
}
