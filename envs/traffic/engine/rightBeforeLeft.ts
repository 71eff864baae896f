import type { EngineState } from './EngineState.js';
import { LS_EQ } from './linkStates.js';
import { MAX_ITEMS } from './VehicleStore.js';

/** SUMO's chance per step that a driver caught in a circular wait gives up its request: straight, turning. */
const GIVE_UP_STRAIGHT = 0.25;
const GIVE_UP_TURN = 0.75;
/** Direction code of a straight connection (compileNetwork's DIR_CODE). */
const DIR_STRAIGHT = 1;
/** Longest blocker chain followed (SUMO: 100). */
const MAX_CHAIN = 100;

/**
 * The approaches of the previous step, per link: the distance of the closest approaching vehicle
 * (`all`) and of the closest one that asked to pass (`will`); Infinity when none. SUMO's right-before-left
 * deadlock check reads the approach records of the previous step, which every vehicle has when the
 * planning of a step begins; they are derived from the vehicles' drive items (part of the snapshot).
 */
export class ApproachMemory {
  readonly all: Float64Array;
  readonly will: Float64Array;
  /** Whether the network has right-before-left (`=`) links at all; when not, nothing is done. */
  readonly active: boolean;

  constructor(linkStatic: Uint8Array) {
    this.all = new Float64Array(linkStatic.length).fill(Infinity);
    this.will = new Float64Array(linkStatic.length).fill(Infinity);
    this.active = linkStatic.includes(LS_EQ);
  }

  /** Records the drive items every running vehicle holds (its plan of the step that just ended). */
  remember(e: EngineState): void {
    if (!this.active) return;
    this.all.fill(Infinity);
    this.will.fill(Infinity);
    const vs = e.veh;
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      const nIt = vs.nItems[v] ?? 0;
      for (let j = 0; j < nIt; j++) {
        const i = v * MAX_ITEMS + j;
        const l = vs.itLink[i] ?? -1;
        if (l < 0) continue;
        const d = vs.itDist[i] ?? 0;
        if (d < (this.all[l] ?? Infinity)) this.all[l] = d;
        if (vs.itReq[i] === 1 && d < (this.will[l] ?? Infinity)) this.will[l] = d;
      }
    }
  }

  /**
   * SUMO `MSLink::getFirstApproachingFoe`: among the links `link` yields to, the one whose closest
   * approaching vehicle asked to pass (-1 if none); `wrap` when a foe comes from the lane before `wrap`
   * (the chain of waits is back where it started).
   */
  private firstFoe(e: EngineState, link: number, wrap: number): number {
    const n = e.net;
    let closest = Infinity;
    let foe = -1;
    for (let k = n.linkFoeStart[link] ?? 0; k < (n.linkFoeStart[link + 1] ?? 0); k++) {
      const f = n.linkFoes[k] ?? 0;
      const all = this.all[f] ?? Infinity;
      if (all === Infinity) continue;
      if (n.linkFrom[f] === n.linkFrom[wrap]) return wrap;
      const will = this.will[f] ?? Infinity;
      if (will === all && will < closest) foe = f;
      if (all < closest) closest = all;
    }
    return foe;
  }

  /** Whether the vehicles waiting at right-before-left `link` and its foes wait for each other in a circle. */
  circularWait(e: EngineState, link: number): boolean {
    let b = this.firstFoe(e, link, link);
    for (let n = MAX_CHAIN; b >= 0 && b !== link && n > 0; n--) b = this.firstFoe(e, b, link);
    return b === link;
  }
}

/**
 * SUMO's deadlock breaker at right-before-left junctions (`MSVehicle::planMoveInternal`): a driver who
 * waits at an `=` link and whose wait is part of a circle (each driver yields to the one on its right,
 * all around) gives up its request this step with probability 0.25 going straight, 0.75 turning, so
 * one of the others can go. Returns whether the request stands.
 *
 * @example
 * ```ts
 * setRequest = keepRequest(e, veh, link, setRequest);
 * ```
 */
export function keepRequest(e: EngineState, veh: number, link: number, setRequest: boolean): boolean {
  if (!setRequest || e.linkState[link] !== LS_EQ || (e.veh.waitCur[veh] ?? 0) <= 0) return setRequest;
  if (!e.approaches.circularWait(e, link)) return true;
  const n = e.net;
  const threshold = n.connDir[n.linkConn[link] ?? 0] === DIR_STRAIGHT ? GIVE_UP_STRAIGHT : GIVE_UP_TURN;
  return e.rng.random() >= threshold;
}
