import { POSITION_EPS } from './carFollowing.js';
import { FOE_CONT, FOE_SAME_SOURCE, FOE_SAME_TARGET } from './compileLinks.js';
import type { EngineState } from './EngineState.js';
import { isStrategicBlocked } from './laneChangeModel.js';
import { LS_g, LS_G } from './linkStates.js';
import { MAX_ITEMS } from './VehicleStore.js';

/*
 * SUMO 1.15 `MSLink::getLeaderInfo` for one foe lane of an internal segment and one vehicle on it: whether
 * the vehicle is reported, and at which gap. Shared by the driving ego's link leaders (`linkLeaders.ts`)
 * and by insertion, whose followers include the foes of the internal lane a new vehicle's back reaches
 * into (`insertionFollowers.ts`).
 */

/** The foe lane set by {@link setFoeLane} (module-level, so the hot path allocates nothing). */
export const FL = {
  /** Foe internal segment. */
  F: 0,
  /** Distance from the ego's front (or the point asked for) to the conflict point, less the foe's half width. */
  distToCrossing: 0,
  /** Distance from the same point to the start of the ego's segment (negative when on it). */
  seenStart: 0,
  /** Conflict point on the foe segment (m from its start). */
  crossF: 0,
  /** Width offset of a crossing (0 for a foe bound for or from the same lane). */
  foeW: 0,
  sameTarget: false,
  sameSource: false,
  /** The foe segment is the first piece of a path with an internal junction (SUMO's contLane). */
  contLane: false,
  ignoreGreenCont: false,
  /** The foe segment ends at an internal junction. */
  foeExitIJ: false,
  /**
   * Slack (m) past the conflict point within which a foe still counts: SUMO's sagitta of the ego's turn
   * (NaN, so never past, on a turn tighter than half the ego's length + 2 m; 0 when not turning).
   */
  sagitta: 0,
  cx: 0,
  cf: 0,
  /** Set by {@link foeGap}: the vehicle asked about is in the way (SUMO's `LL_IN_THE_WAY`). */
  inTheWay: false,
};

function isGreen(s: number): boolean {
  return s === LS_G || s === LS_g;
}

/**
 * Sets {@link FL} to foe entry `k` of the ego's internal segment (connection `cx`, `egoSplit`: its path has
 * an internal junction), `seenStart` metres ahead; false when the ego is past the conflict point (SUMO
 * skips that foe lane). `lcLength`: the ego's length when asked by the lane changer, whose ego SUMO 1.15
 * takes as past only once its back is (`MSLink::getLeaderInfo` while `MSGlobals::gComputeLC`); else 0.
 */
export function setFoeLane(e: EngineState, k: number, cx: number, egoSplit: boolean, seenStart: number, lcLength = 0): boolean {
  const n = e.net;
  const flags = n.segFoeFlags[k] ?? 0;
  const F = n.segFoeSeg[k] ?? 0;
  const w = n.segFoeHalfWidth[k] ?? 1.6;
  const sameTarget = (flags & FOE_SAME_TARGET) !== 0;
  const sameSource = (flags & FOE_SAME_SOURCE) !== 0;
  const distToCrossing = seenStart + (n.segFoeCross[k] ?? 0) - w;
  if (distToCrossing + 2 * w + lcLength < 0 && !sameTarget) return false;
  const cf = n.segConn[F] ?? 0;
  const contLane = (flags & FOE_CONT) !== 0 && !egoSplit;
  FL.F = F;
  FL.distToCrossing = distToCrossing;
  FL.seenStart = seenStart;
  FL.crossF = n.segFoeFoeCross[k] ?? 0;
  FL.foeW = sameTarget || sameSource ? 0 : w;
  FL.sameTarget = sameTarget;
  FL.sameSource = sameSource;
  FL.contLane = contLane;
  FL.ignoreGreenCont = contLane && isGreen(e.linkState[cx] ?? 0) && isGreen(e.linkState[cf] ?? 0) && n.connFromLane[cx] !== n.connFromLane[cf];
  FL.foeExitIJ = (n.segExitLink[F] ?? -1) >= 0;
  FL.cx = cx;
  FL.cf = cf;
  FL.sagitta = 0;
  return true;
}

/**
 * SUMO 1.15's sagitta of a turning link for an ego of length `egoLength`: the bulge of the turn's arc
 * (radius `radius`) over a chord of the ego's length plus 2 m; NaN when the radius is under half that chord
 * (a foe then never counts as past the crossing point), 0 for Infinity (no turn).
 *
 * @example
 * ```ts
 * sagitta(9, 5); // 0.71
 * ```
 */
export function sagitta(radius: number, egoLength: number): number {
  if (radius === Infinity) return 0;
  const l2 = egoLength + 2;
  return radius - Math.sqrt(radius * radius - 0.25 * l2 * l2);
}

/**
 * A gap behind a foe (`u`) that wants and is blocked from a strategic lane change: SUMO 1.15 reports it at -1
 * when under twice the foe's length, so the ego does not encroach on it.
 */
export function strategicGap(e: EngineState, u: number, gap: number): number {
  return gap < 2 * (e.net.demand.typeLength[e.veh.type[u] ?? 0] ?? 5) && isStrategicBlocked(e.veh, u) ? -1 : gap;
}

/**
 * The gap at which the foe lane of {@link FL} reports vehicle `u` (its back at `backPos` on that lane;
 * `frontOn`: its front is on it too, else it only covers it from behind) to an ego with minimum gap
 * `minGap`, NaN when it is not reported: foes in the way are; others are left out after the ego has entered
 * the conflict area, while green both on a continuation lane, when they will not pass the link out of their
 * lane (and may be ignored), or when past the conflict point. A foe on a continuation lane is at -Infinity.
 */
export function foeGap(e: EngineState, u: number, backPos: number, frontOn: boolean, minGap: number): number {
  const vs = e.veh;
  const lenU = e.net.demand.typeLength[vs.type[u] ?? 0] ?? 5;
  const { distToCrossing, foeW, sameTarget, sameSource, contLane, foeExitIJ } = FL;
  const backDist = FL.crossF - backPos;
  const pastCP = backDist + foeW + FL.sagitta < 0;
  const entered = backDist < lenU;
  const inTheWay = ((!pastCP && distToCrossing > 0) || (sameTarget && distToCrossing > backDist - lenU)) && entered && !foeExitIJ;
  FL.inTheWay = inTheWay;
  if (!inTheWay && FL.ignoreGreenCont) return Number.NaN;
  if (distToCrossing < -POSITION_EPS && !inTheWay) return Number.NaN;
  if (frontOn && !inTheWay && foeExitIJ && (vs.nItems[u] ?? 0) > 0 && vs.itReq[u * MAX_ITEMS] === 0) return Number.NaN;
  // SUMO ignores a foe that will not pass the link out of its lane (no request there: at an internal
  // junction its first drive item, else its junction exit), unless it may not be ignored (on a lane
  // before an internal junction, or bound for or from the same lane as the ego) and is not stopped; only
  // while the foe's front is on the lane. Also when the ego enters a roundabout (older SUMO releases kept
  // those foes; SUMO 1.15 does not: a driver that crept onto a roundabout's junction and yields there to a
  // ring driver goes once the ring driver, blocked by it, has withdrawn its request, docs/VALIDATION.md)
  const cannotIgnore = contLane || sameTarget || sameSource;
  const willPass = foeExitIJ ? (vs.nItems[u] ?? 0) > 0 && vs.itReq[u * MAX_ITEMS] === 1 : vs.exitNoReq[u] !== 1;
  if (frontOn && !inTheWay && !willPass && (!cannotIgnore || sameTarget || vs.stopped[u] === 1)) return Number.NaN;
  if (contLane && !sameSource) return -Infinity;
  if (pastCP && !sameTarget) return Number.NaN;
  return strategicGap(e, u, distToCrossing - minGap - backDist - foeW);
}
