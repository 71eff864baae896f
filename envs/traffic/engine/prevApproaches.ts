import type { EngineState } from './EngineState.js';
import { openedAgainst, type Approaches, type Request } from './linkOpened.js';
import { MAX_ITEMS, VEH_RUNNING } from './VehicleStore.js';

/**
 * The approaches registered at the links in the previous step (SUMO keeps each vehicle's
 * ApproachingVehicleInformation until it registers anew after all vehicles have planned, so the
 * keep-clear check inside a vehicle's planning, `checkRewindLinkLanes`, sees the previous step's foes).
 * `capture` copies them before the step's planning overwrites the drive items.
 *
 * @example
 * ```ts
 * state.prevApproaches.capture(state); // at the start of planMovements
 * state.prevApproaches.opened(state, link, request); // MSLink::opened against last step's foes
 * ```
 */
export class PrevApproaches {
  /** The captured approaches (arrays replaced when they grow). */
  private readonly src: Approaches;
  private count = 0;

  constructor(nLinks: number) {
    this.src = {
      head: new Int32Array(nLinks).fill(-1), next: new Int32Array(256), veh: new Int32Array(256), req: null, wait: new Float64Array(256),
      arrT: new Float64Array(256), arrV: new Float64Array(256), leaveV: new Float64Array(256), arrVB: new Float64Array(256), dist: new Float64Array(256),
    };
  }

  /**
   * Copies the approaches with a request that the running vehicles hold from their last planning (their
   * drive items, which snapshots keep).
   */
  capture(e: EngineState): void {
    const vs = e.veh;
    const a = this.src;
    a.head.fill(-1);
    this.count = 0;
    for (let r = 0; r < vs.runCount; r++) {
      const u = vs.run[r] ?? 0;
      if (vs.state[u] !== VEH_RUNNING) continue;
      const nIt = vs.nItems[u] ?? 0;
      for (let k = 0; k < nIt; k++) {
        const j = u * MAX_ITEMS + k;
        const l = vs.itLink[j] ?? -1;
        if (l < 0 || vs.itReq[j] === 0) continue;
        if (this.count === a.next.length) this.grow();
        const c = this.count++;
        (a.veh as Int32Array)[c] = u;
        a.wait[c] = vs.itWait[j] ?? 0;
        a.arrT[c] = vs.itArrT[j] ?? 0;
        a.arrV[c] = vs.itArrV[j] ?? 0;
        a.leaveV[c] = vs.itLeaveV[j] ?? 0;
        a.arrVB[c] = vs.itArrVB[j] ?? 0;
        a.dist[c] = vs.itDist[j] ?? 0;
        a.next[c] = a.head[l] ?? -1;
        a.head[l] = c;
      }
    }
  }

  /** SUMO `MSLink::opened` for request `r` against the approaches captured from the previous step. */
  opened(e: EngineState, link: number, r: Request): boolean {
    return openedAgainst(e, link, r, this.src, undefined);
  }

  private grow(): void {
    const a = this.src;
    const m = a.next.length * 2;
    const i32 = (x: Int32Array): Int32Array => {
      const b = new Int32Array(m);
      b.set(x);
      return b;
    };
    const f64 = (x: Float64Array): Float64Array => {
      const b = new Float64Array(m);
      b.set(x);
      return b;
    };
    a.next = i32(a.next);
    a.veh = i32(a.veh as Int32Array);
    a.wait = f64(a.wait);
    a.arrT = f64(a.arrT);
    a.arrV = f64(a.arrV);
    a.leaveV = f64(a.leaveV);
    a.arrVB = f64(a.arrVB);
    a.dist = f64(a.dist);
  }
}
