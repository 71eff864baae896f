import { idmAccel, kraussSafeSpeed } from './carFollowing.js';
import type { TrafficEngine } from './TrafficEngine.js';
import { HALTING_SPEED as HALT } from './EngineCounters.js';

/**
 * Speed phase of `TrafficEngine.step()` (parallel update, as SUMO): every vehicle picks its speed for
 * the end of the step from the current state: IDM acceleration (or Krauss safe speed with dawdling)
 * toward its leader on the same segment, or across the junction when it may enter, or a closed stop
 * line; anticipates slower turning paths; and never plans to pass the leader's current back or a closed
 * stop line within the step (so vehicles never overlap and never enter on red).
 *
 * @example
 * ```ts
 * computeSpeeds(engine);
 * ```
 */
export function computeSpeeds(e: TrafficEngine): void {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const dt = e.dt;
  const krauss = e.opts.model === 'krauss';
  const nLanes = n.nLanes;
  const segLength = n.segLength;
  const segSpeed = n.segSpeed;
  const segTail = e.segTail;
  const connToLane = n.connToLane;
  const pos = vs.pos;
  const speed = vs.speed;
  const type = vs.type;
  const ahead = vs.ahead;
  const newSpeed = vs.newSpeed;
  const tLen = d.typeLength;
  const tAcc = d.typeAccel;
  const tDec = d.typeDecel;
  const tGap = d.typeMinGap;
  const tTau = d.typeTau;
  const tDelta = d.typeDelta;
  const tEm = d.typeEmergencyDecel;
  const tFactor = d.typeSpeedFactor;
  const tMax = d.typeMaxSpeed;
  const tSigma = d.typeSigma;
  const rng = e.rng;
  const needLC = e.laneNeedsLC;
  const run = vs.run;
  const seg = vs.seg;
  const nRun = vs.runCount;
  for (let i = 0; i < nRun; i++) {
    const v = run[i] as number;
    const s = seg[v] as number;
    const len = segLength[s] as number;
    const segV = segSpeed[s] as number;
    const ty = type[v] as number;
    const p = pos[v] as number;
    const sp = speed[v] as number;
    const A = tAcc[ty] as number;
    const b = tDec[ty] as number;
    const s0 = tGap[ty] as number;
    let vmax = segV * (tFactor[ty] as number);
    const vt = tMax[ty] as number;
    if (vt < vmax) vmax = vt;
    let gap = Infinity;
    let vl = 0;
    let stopLine = false;
    const a = ahead[v] as number;
    if (a >= 0) {
      gap = (pos[a] as number) - (tLen[type[a] as number] as number) - p;
      vl = speed[a] as number;
    } else {
      const rest = len - p;
      let next = -1;
      if (s < nLanes) {
        if ((vs.nextRoad[v] as number) >= 0) {
          const c = vs.conn[v] as number;
          if (c < 0) needLC[s] = 1;
          if (vs.mayEnter[v] === 1) next = nLanes + c;
          else {
            gap = rest;
            stopLine = true;
          }
        }
      } else next = connToLane[s - nLanes] as number;
      if (next >= 0) {
        const vn = (segSpeed[next] as number) * (tFactor[ty] as number);
        if (vn < vmax) {
          const va = Math.sqrt(vn * vn + 2 * b * rest);
          if (va < vmax) vmax = va;
        }
        let t = segTail[next] as number;
        let off = rest;
        if (t < 0 && next >= nLanes) {
          off += segLength[next] as number;
          t = segTail[connToLane[next - nLanes] as number] as number;
        }
        if (t >= 0) {
          gap = off + (pos[t] as number) - (tLen[type[t] as number] as number);
          vl = speed[t] as number;
        }
      }
    }
    let vNew: number;
    if (krauss) {
      let vDes = sp + A * dt;
      if (vmax < vDes) vDes = vmax;
      if (gap !== Infinity) {
        const vSafe = kraussSafeSpeed(sp, vl, stopLine ? gap : gap - s0, b, tTau[ty] as number);
        if (vSafe < vDes) vDes = vSafe;
      }
      // dawdling; a type without (sigma 0) draws nothing, as its draw would not change the speed
      const sigma = tSigma[ty] as number;
      vNew = sigma > 0 ? vDes - sigma * A * dt * rng.random() : vDes;
    } else {
      let acc = idmAccel(sp, vmax, stopLine ? gap + s0 : gap, vl, A, b, tTau[ty] as number, s0, tDelta[ty] as number);
      const em = tEm[ty] as number;
      if (acc < -em) acc = -em;
      vNew = sp + acc * dt;
    }
    if (vNew < 0) vNew = 0;
    // hard safety: never reach the leader's current back or pass a closed stop line within this step
    if (vNew * dt > gap) vNew = gap > 0 ? gap / dt : 0;
    newSpeed[v] = vNew;
  }
}

/**
 * Move phase: positions advance (Euler, as SUMO: x += v' dt), SUMO's per-vehicle time loss, waiting
 * time and stops accumulate, then front vehicles past the end of their segment go on to their junction
 * path, their next lane, or leave the network.
 *
 * @example
 * ```ts
 * move(engine);
 * ```
 */
export function move(e: TrafficEngine): void {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  const dt = e.dt;
  const segHead = e.segHead;
  const segSpeed = n.segSpeed;
  const segLength = n.segLength;
  const pos = vs.pos;
  const speed = vs.speed;
  const newSpeed = vs.newSpeed;
  const timeLoss = vs.timeLoss;
  const waiting = vs.waiting;
  const halting = vs.halting;
  const distance = vs.distance;
  const type = vs.type;
  const tFactor = d.typeSpeedFactor;
  const tMax = d.typeMaxSpeed;
  const run = vs.run;
  const seg = vs.seg;
  const ahead = vs.ahead;
  const over = e.overflowSegs;
  let nOver = 0;
  const nRun = vs.runCount;
  for (let i = 0; i < nRun; i++) {
    const v = run[i] as number;
    const s = seg[v] as number;
    const sp = newSpeed[v] as number;
    speed[v] = sp;
    const p = (pos[v] as number) + sp * dt;
    pos[v] = p;
    distance[v] = (distance[v] as number) + sp * dt;
    const ty = type[v] as number;
    let vAllowed = (segSpeed[s] as number) * (tFactor[ty] as number);
    const vt = tMax[ty] as number;
    if (vt < vAllowed) vAllowed = vt;
    if (sp < vAllowed) timeLoss[v] = (timeLoss[v] as number) + (dt * (vAllowed - sp)) / vAllowed;
    if (sp < HALT) {
      waiting[v] = (waiting[v] as number) + dt;
      if (halting[v] === 0) {
        halting[v] = 1;
        vs.stops[v]++;
      }
    } else halting[v] = 0;
    if ((ahead[v] as number) < 0 && p > (segLength[s] as number)) over[nOver++] = s;
  }
  e.counters.vehicleUpdates += nRun;
  for (let k = 0; k < nOver; k++) {
    const s = over[k] as number;
    const len = segLength[s] as number;
    for (let v = segHead[s] as number; v >= 0 && (pos[v] as number) > len; v = segHead[s] as number) {
      if (!transfer(e, v, s)) break;
    }
  }
}

/** Moves front vehicle `v` beyond the end of segment `s` onward; false if it has to stay (held at the end). */
function transfer(e: TrafficEngine, v: number, s: number): boolean {
  const n = e.net;
  const vs = e.veh;
  const d = n.demand;
  let seg = s;
  for (let hop = 0; hop < 3; hop++) {
    const len = n.segLength[seg] as number;
    const over = (vs.pos[v] as number) - len;
    if (over <= 0) return true;
    let target: number;
    if (seg < n.nLanes) {
      if ((vs.nextRoad[v] as number) < 0) {
        e.unlink(v);
        e.counters.onArrive(e, v, e.time + e.dt - over / Math.max(vs.speed[v] as number, 1e-9));
        vs.release(v);
        return true;
      }
      if (hop > 0 || vs.mayEnter[v] !== 1) return hold(e, v, len);
      target = n.nLanes + (vs.conn[v] as number);
    } else target = n.connToLane[seg - n.nLanes] as number;
    const t = e.segTail[target] as number;
    if (t >= 0 && (vs.pos[t] as number) - (d.typeLength[vs.type[t] as number] as number) < over) return hold(e, v, len);
    e.unlink(v);
    vs.seg[v] = target;
    vs.pos[v] = over;
    e.appendTail(target, v);
    if (target >= n.nLanes) e.counters.onEnterJunction(e, v, n.connNode[target - n.nLanes] as number);
    else e.enterRoad(v, target);
    seg = target;
  }
  return true;
}

/** Keeps `v` at the end of its segment, stopped (a junction it may not enter, or a full next lane). */
function hold(e: TrafficEngine, v: number, len: number): boolean {
  e.veh.pos[v] = len;
  e.veh.speed[v] = 0;
  return false;
}
