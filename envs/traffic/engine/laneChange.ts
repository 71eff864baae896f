import type { CompiledNetwork } from './compileNetwork.js';
import type { TrafficEngine } from './TrafficEngine.js';

/**
 * Whether `lane` has a connection to road `road`.
 *
 * @example
 * ```ts
 * laneServes(net, net.laneOf('Sin', 0), roadIx('Eout'));
 * ```
 */
export function laneServes(n: CompiledNetwork, lane: number, road: number): boolean {
  for (let k = n.laneConnStart[lane] as number; k < (n.laneConnStart[lane + 1] as number); k++) if (n.connToRoad[n.laneConns[k] as number] === road) return true;
  return false;
}

/** Seconds stopped at the stop line of a wrong lane before a vehicle following turning ratios picks another next road. */
const REROUTE_AFTER = 10;

/**
 * Mandatory lane changes: a vehicle in a lane without a connection to its next road moves one lane
 * toward one that has it when the gaps allow (smaller gaps accepted when stopped). A vehicle following
 * turning ratios that waits too long at the stop line of a wrong lane takes a movement of its lane.
 *
 * @example
 * ```ts
 * changeLanes(engine); // one phase of engine.step()
 * ```
 */
export function changeLanes(e: TrafficEngine): void {
  const n = e.net;
  const vs = e.veh;
  const stepNo = Math.round(e.time / e.dt);
  for (let l = 0; l < n.nLanes; l++) {
    if (e.laneNeedsLC[l] === 0) continue;
    e.laneNeedsLC[l] = 0;
    let v = e.segHead[l] as number;
    while (v >= 0) {
      const behindV = vs.behind[v] as number;
      const nr = vs.nextRoad[v] as number;
      if (nr >= 0 && (vs.conn[v] as number) < 0 && vs.lcStep[v] !== stepNo) {
        const r = n.laneRoad[l] as number;
        const l0 = n.roadLaneStart[r] as number;
        const idx = l - l0;
        let dir = 0;
        let bestDist = Infinity;
        for (let k = 0; k < (n.roadLaneCount[r] as number); k++) {
          if (k !== idx && laneServes(n, l0 + k, nr) && Math.abs(k - idx) < bestDist) {
            bestDist = Math.abs(k - idx);
            dir = k > idx ? 1 : -1;
          }
        }
        const p = vs.pos[v] as number;
        const sp = vs.speed[v] as number;
        if (dir !== 0 && tryChange(e, v, l + dir, stepNo)) {
          vs.conn[v] = e.chooseConn(v, l + dir);
        } else if (sp < 0.1 && (n.segLength[l] as number) - p < 1) {
          vs.stuck[v] = (vs.stuck[v] as number) + e.dt;
          if ((vs.route[v] as number) < 0 && (vs.stuck[v] as number) > REROUTE_AFTER) {
            const a = n.laneConnStart[l] as number;
            const b = n.laneConnStart[l + 1] as number;
            if (b > a) {
              const c = n.laneConns[a + e.rng.integers(0, b - a)] as number;
              vs.nextRoad[v] = n.connToRoad[c] as number;
              vs.next2Road[v] = e.drawTurn(n.connToRoad[c] as number);
              vs.conn[v] = e.chooseConn(v, l);
              vs.stuck[v] = 0;
            }
          }
        }
      }
      v = behindV;
    }
  }
}

function tryChange(e: TrafficEngine, v: number, to: number, stepNo: number): boolean {
  const vs = e.veh;
  const d = e.net.demand;
  const p = vs.pos[v] as number;
  const sp = vs.speed[v] as number;
  const myLen = d.typeLength[vs.type[v] as number] as number;
  if (p - myLen < 0 || p > (e.net.segLength[to] as number)) return false;
  let L = -1;
  let F = e.segHead[to] as number;
  while (F >= 0 && (vs.pos[F] as number) >= p) {
    L = F;
    F = vs.behind[F] as number;
  }
  const stopped = sp < 0.1;
  if (L >= 0) {
    const gapA = (vs.pos[L] as number) - (d.typeLength[vs.type[L] as number] as number) - p;
    const need = stopped ? 0.5 : 1 + Math.max(0, sp - (vs.speed[L] as number));
    if (gapA < need) return false;
  }
  if (F >= 0) {
    const vF = vs.speed[F] as number;
    const gapB = p - myLen - (vs.pos[F] as number);
    const need = stopped && vF < 0.1 ? 0.5 : 1 + 0.5 * vF + Math.max(0, vF - sp);
    if (gapB < need) return false;
  }
  e.unlink(v);
  vs.seg[v] = to;
  vs.ahead[v] = L;
  vs.behind[v] = F;
  if (L >= 0) vs.behind[L] = v;
  else e.segHead[to] = v;
  if (F >= 0) vs.ahead[F] = v;
  else e.segTail[to] = v;
  e.segCount[to]++;
  vs.lcStep[v] = stepNo;
  return true;
}
