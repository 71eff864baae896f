import type { EngineState } from './EngineState.js';
import { placeAt } from './insertionPhase.js';
import { onRoad } from './routing.js';
import { atStop, startStop } from './stops.js';
import { VEH_PARKED, VEH_RUNNING } from './VehicleStore.js';

/**
 * SUMO's parking stops (`<stop parking="true">`, a stop at a `parkingArea`): a vehicle that has come to
 * its parking stop leaves the lane (it blocks nobody, as if it stood beside the road) and stays off it
 * for the stop's duration (at least until its `until`). At a parking area it must have a lot: it takes
 * the first free one (see `ParkingLots`), and while all are taken it waits on the road. One step before
 * its stop is over it comes back onto the same lane (at its lot's end in an area, else where it stood),
 * standing, as soon as the vehicles around leave room for it (SUMO's insertion checks, tried in the
 * transfer phase that precedes the insertions), and in the next step it drives off (`processStop` ends the
 * stop and frees the lot: SUMO `resumeFromStopping`); each step it cannot counts as waiting time, as in
 * SUMO's trip infos. Parked vehicles (`parked`) count as running in the metrics, as in SUMO.
 *
 * @example
 * ```ts
 * parkAndLeave(state); // once per step, after the vehicles moved
 * ```
 */
export function parkAndLeave(e: EngineState): void {
  const vs = e.veh;
  const d = e.net.demand;
  for (const v of e.toPark) {
    if (vs.state[v] !== VEH_RUNNING) continue;
    // SUMO parks a vehicle as soon as it stands at its stop, before the vehicles behind it plan their next step
    if (vs.stopped[v] !== 1) {
      // (a parking area's stop begins in processStop, when a lot is free)
      if ((d.stopArea[vs.stopIdx[v] ?? -1] ?? -1) >= 0 || !atStop(e, v)) continue;
      startStop(e, v, e.time);
    }
    // in a parking area it comes back onto the road at its lot's end (or at the area's departPos)
    const lot = vs.lot[v] ?? -1;
    if (lot >= 0) vs.pos[v] = e.lots.exitPos(d.stopArea[vs.stopIdx[v] ?? -1] ?? 0, lot);
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
    const until = vs.stopUntil[v] ?? 0;
    // SUMO's transfer puts it back when one step of its stop is left; it drives off in the next step
    if (e.time + e.dt + 1e-9 >= until) {
      if (placeAt(e, v, lane, vs.pos[v] ?? 0)) {
        onRoad(e, v, lane);
        continue;
      }
      // SUMO counts each failed try as waiting time (not as time loss)
      vs.waiting[v] = (vs.waiting[v] ?? 0) + e.dt;
      // the first try failed: the area recomputes where the drivers waiting should stand (egress blocked)
      const l = vs.lot[v] ?? -1;
      if (l >= 0 && Math.abs(e.time + e.dt - until) < 1e-9) {
        let a = 0;
        while ((e.lots.lotStart[a + 1] ?? 0) <= l) a++;
        e.lots.settle(a, e, e.time);
      }
    }
    e.parked[kept++] = v;
  }
  e.parked.length = kept;
}
