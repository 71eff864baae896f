import type { EngineState } from './EngineState.js';
import { takeOff } from './teleportPhase.js';

/** SUMO's NUMERICAL_EPS: a gap this far below the limit is still no collision. */
const NUMERICAL_EPS = 0.001;
/** SUMO 1.15's `collisionMinGapFactor` defaults: Krauss 1, IDM 0.5 (`MSCFModel`, `MSCFModel_IDM`). */
const MIN_GAP_FACTOR_KRAUSS = 1;
const MIN_GAP_FACTOR_IDM = 0.5;

let found = new Int32Array(16);

/**
 * SUMO 1.15's collision check (`MSLane::detectCollisions`, run after the movements and after the lane
 * changes, `--collision.action teleport`): on every segment, a driver whose front is closer to the back of
 * the driver ahead than its minimum gap times its model's `collisionMinGapFactor` (Krauss 1, IDM 0.5) has
 * collided; so has the last driver of a segment with the driver whose back still covers the segment's end
 * when that one is closer. The driver behind (the collider) is taken off and teleported along its route,
 * as SUMO does; `counters.collisions` counts them (they are not jam teleports). The speeds never plan a
 * collision: they come when a leader brakes harder than its deceleration, or drivers merge onto a lane from
 * different junction paths side by side. SUMO checks lane by lane in its order of active lanes and takes a
 * lane's colliders off before the next lane; tsgym checks every segment, then takes them all off.
 *
 * @example
 * ```ts
 * detectCollisions(state); // after executeMovements (and teleports), and after changeLanes
 * ```
 */
export function detectCollisions(e: EngineState): void {
  const vs = e.veh;
  const n = e.net;
  const d = n.demand;
  let m = 0;
  // each running driver with the one behind it on its segment (SUMO: each lane's consecutive vehicles)
  for (let k = 0; k < vs.runCount; k++) {
    const L = vs.run[k] ?? 0;
    const F = vs.behind[L] ?? -1;
    if (F >= 0) {
      if (collides(e, F, (vs.pos[L] ?? 0) - (d.typeLength[vs.type[L] ?? 0] ?? 5))) m = note(F, m);
      continue;
    }
    // L is its segment's last driver: SUMO checks the lane's partial occupant against the lane's vehicle that
    // entered last (`myVehicles.front()`)
    const s = vs.seg[L] ?? 0;
    const u = e.partialOccupant(s);
    if (u >= 0 && u !== L && collides(e, L, (n.segLength[s] ?? 0) - e.partialBack)) m = note(L, m);
  }
  if (m === 0) return;
  // SUMO removes them in the order of their numerical ids
  const ext = vs.extId;
  const list = found.subarray(0, m).sort((a, b) => (ext[a] ?? 0) - (ext[b] ?? 0));
  for (let i = 0; i < m; i++) {
    const c = list[i] ?? 0;
    if (i > 0 && c === list[i - 1]) continue;
    e.counters.collisions++;
    takeOff(e, c);
  }
}

/** Whether driver `c` with its front at its position is closer to `victimBack` than its collision gap. */
function collides(e: EngineState, c: number, victimBack: number): boolean {
  const ty = e.veh.type[c] ?? 0;
  const factor = e.typeIdm[ty] === 1 ? MIN_GAP_FACTOR_IDM : MIN_GAP_FACTOR_KRAUSS;
  const gap = victimBack - (e.veh.pos[c] ?? 0) - factor * (e.net.demand.typeMinGap[ty] ?? 2.5);
  return gap < -NUMERICAL_EPS;
}

function note(v: number, m: number): number {
  if (found.length <= m) {
    const bigger = new Int32Array(found.length * 2);
    bigger.set(found);
    found = bigger;
  }
  found[m] = v;
  return m + 1;
}
