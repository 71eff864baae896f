import type { EngineState } from './EngineState.js';
import { blockedByFoe, foeApproach, linkGate, type Request } from './linkOpened.js';
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
  private head: Int32Array;
  private next = new Int32Array(256);
  private veh = new Int32Array(256);
  private wait = new Float64Array(256);
  private arrT = new Float64Array(256);
  private arrV = new Float64Array(256);
  private leaveV = new Float64Array(256);
  private arrVB = new Float64Array(256);
  private dist = new Float64Array(256);
  private count = 0;

  constructor(nLinks: number) {
    this.head = new Int32Array(nLinks).fill(-1);
  }

  /**
   * Copies the approaches with a request that the running vehicles hold from their last planning (their
   * drive items, which snapshots keep).
   */
  capture(e: EngineState): void {
    const vs = e.veh;
    this.head.fill(-1);
    this.count = 0;
    for (let r = 0; r < vs.runCount; r++) {
      const u = vs.run[r] ?? 0;
      if (vs.state[u] !== VEH_RUNNING) continue;
      const nIt = vs.nItems[u] ?? 0;
      for (let k = 0; k < nIt; k++) {
        const j = u * MAX_ITEMS + k;
        const l = vs.itLink[j] ?? -1;
        if (l < 0 || vs.itReq[j] === 0) continue;
        if (this.count === this.next.length) this.grow();
        const c = this.count++;
        this.veh[c] = u;
        this.wait[c] = vs.itWait[j] ?? 0;
        this.arrT[c] = vs.itArrT[j] ?? 0;
        this.arrV[c] = vs.itArrV[j] ?? 0;
        this.leaveV[c] = vs.itLeaveV[j] ?? 0;
        this.arrVB[c] = vs.itArrVB[j] ?? 0;
        this.dist[c] = vs.itDist[j] ?? 0;
        this.next[c] = this.head[l] ?? -1;
        this.head[l] = c;
      }
    }
  }

  /** SUMO `MSLink::opened` for request `r` against the approaches captured from the previous step. */
  opened(e: EngineState, link: number, r: Request): boolean {
    const gate = linkGate(e, link, r);
    if (gate >= 0) return gate === 1;
    const n = e.net;
    const state = e.linkState[link] ?? 0;
    const a = foeApproach;
    const target = n.connToLane[n.linkConn[link] ?? 0];
    for (let k = n.linkFoeStart[link] ?? 0; k < (n.linkFoeStart[link + 1] ?? 0); k++) {
      const f = n.linkFoes[k] ?? 0;
      const sameTarget = n.connToLane[n.linkConn[f] ?? 0] === target;
      for (let c = this.head[f] ?? -1; c >= 0; c = this.next[c] ?? -1) {
        if (this.veh[c] === r.veh) continue;
        a.veh = this.veh[c] ?? 0;
        a.req = 1;
        a.wait = this.wait[c] ?? 0;
        a.arrT = this.arrT[c] ?? 0;
        a.arrV = this.arrV[c] ?? 0;
        a.leaveV = this.leaveV[c] ?? 0;
        a.arrVB = this.arrVB[c] ?? 0;
        a.dist = this.dist[c] ?? 0;
        if (blockedByFoe(e, link, f, r, sameTarget, state)) return false;
      }
    }
    return true;
  }

  private grow(): void {
    const m = this.next.length * 2;
    const i32 = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(m);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(m);
      b.set(a);
      return b;
    };
    this.next = i32(this.next);
    this.veh = i32(this.veh);
    this.wait = f64(this.wait);
    this.arrT = f64(this.arrT);
    this.arrV = f64(this.arrV);
    this.leaveV = f64(this.leaveV);
    this.arrVB = f64(this.arrVB);
    this.dist = f64(this.dist);
  }
}
