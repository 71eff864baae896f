import { NODE_BOUNDARY, NODE_SIGNALIZED } from '../../envs/traffic/engine/compileNetwork.js';
import { createVehicleView } from '../../envs/traffic/engine/engineViews.js';
import type { VehicleView } from '../../envs/traffic/engine/engineViews.js';
import { SIG_PROTECTED, SIG_PERMITTED, SIG_RED, SIG_YELLOW } from '../../envs/traffic/engine/SignalController.js';
import type { TrafficSimulation } from '../../envs/traffic/env/TrafficSimulation.js';
import { encodeVehicles } from '../format/encodeVehicles.js';
import type { SceneJunction, SceneLane, SceneSignal, TrafficScene } from '../format/types.js';
import type { FrameState, SceneAdapter } from './SceneAdapter.js';

/** Lateral place of a turn's signal head on the stop line (left turns left, right turns right). */
const HEAD_SHIFT = [-0.3, 0, 0.3, -0.3] as const;

/** Turn letters by direction code (compileNetwork's DIR_CODE: l 0, s 1, r 2, t 3). */
const TURNS = ['l', 's', 'r', 't'] as const;

function stateChar(s: number): string {
  return s === SIG_RED ? 'r' : s === SIG_YELLOW ? 'y' : s === SIG_PERMITTED || s === SIG_PROTECTED ? 'g' : 'o';
}

/**
 * Scene adapter for the traffic simulation behind TrafficSignal-v0, TrafficGrid-v0 and TrafficNetwork-v0
 * (tsgym's engine, or SUMO with `backend: 'sumo'`):
 * lanes with their centre lines, junctions, one signal head per signalised connection (at the end of
 * its incoming lane, left turns drawn left, right turns right), and every running vehicle's position,
 * heading, speed and accumulated waiting time. Reads the simulation's views only.
 *
 * @example
 * ```ts
 * const adapter = trafficAdapter((env.unwrapped as TrafficSignalEnv).engine);
 * ```
 */
export function trafficAdapter(engine: TrafficSimulation): SceneAdapter {
  let view: VehicleView = createVehicleView(256);
  let wait: Float64Array = new Float64Array(256);
  let heads: number[] = [];
  return {
    scene(): TrafficScene {
      const n = engine.net;
      const lanes: SceneLane[] = [];
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      const reach = new Float64Array(n.nNodes);
      for (let l = 0; l < n.nLanes; l++) {
        const r = n.laneRoad[l] ?? 0;
        const a = n.segShapeStart[l] ?? 0;
        const b = n.segShapeStart[l + 1] ?? a;
        const points: number[] = [];
        for (let i = a; i < b; i++) {
          const x = n.shapeX[i] ?? 0;
          const y = n.shapeY[i] ?? 0;
          points.push(x, y);
          minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
        }
        const to = n.roadTo[r] ?? 0;
        const from = n.roadFrom[r] ?? 0;
        const ex = points[points.length - 2] ?? 0, ey = points[points.length - 1] ?? 0;
        reach[to] = Math.max(reach[to] ?? 0, Math.hypot(ex - (n.nodeX[to] ?? 0), ey - (n.nodeY[to] ?? 0)));
        reach[from] = Math.max(reach[from] ?? 0, Math.hypot((points[0] ?? 0) - (n.nodeX[from] ?? 0), (points[1] ?? 0) - (n.nodeY[from] ?? 0)));
        const roadId = n.roadIds[r] ?? String(r);
        lanes.push({
          id: `${roadId}_${n.laneIndex[l] ?? 0}`,
          road: roadId,
          index: n.laneIndex[l] ?? 0,
          count: n.roadLaneCount[r] ?? 1,
          width: n.laneWidth[l] ?? 3.2,
          points,
          stop: n.nodeType[to] === NODE_SIGNALIZED,
        });
      }
      const junctions: SceneJunction[] = [];
      for (let v = 0; v < n.nNodes; v++) {
        if (n.nodeType[v] === NODE_BOUNDARY) continue;
        junctions.push({ id: n.nodeIds[v] ?? String(v), x: n.nodeX[v] ?? 0, y: n.nodeY[v] ?? 0, size: Math.min(120, Math.max(8, 2 * (reach[v] ?? 0))) });
      }
      const signals: SceneSignal[] = [];
      heads = [];
      for (let c = 0; c < n.nConns; c++) {
        const node = n.connNode[c] ?? 0;
        if (n.nodeType[node] !== NODE_SIGNALIZED) continue;
        const lane = n.connFromLane[c] ?? 0;
        const p = lanes[lane]?.points ?? [0, 0, 1, 0];
        const k = p.length;
        const ex = p[k - 2] ?? 0, ey = p[k - 1] ?? 0, px = p[k - 4] ?? ex - 1, py = p[k - 3] ?? ey;
        const len = Math.hypot(ex - px, ey - py) || 1;
        // Right-hand normal of the driving direction (y up): (dy, -dx).
        const shift = (HEAD_SHIFT[n.connDir[c] ?? 1] ?? 0) * (n.laneWidth[lane] ?? 3.2);
        signals.push({
          id: `${n.nodeIds[node] ?? node}:${c}`,
          junction: n.nodeIds[node] ?? String(node),
          lane,
          x: ex + ((ey - py) / len) * shift,
          y: ey - ((ex - px) / len) * shift,
          turn: TURNS[n.connDir[c] ?? 1] ?? 's',
        });
        heads.push(c);
      }
      let lenSum = 0;
      const types = n.demand.typeLength;
      for (let i = 0; i < types.length; i++) lenSum += types[i] ?? 0;
      const m = 20;
      return {
        kind: 'traffic',
        bounds: Number.isFinite(minX) ? { minX: minX - m, minY: minY - m, maxX: maxX + m, maxY: maxY + m } : { minX: -50, minY: -50, maxX: 50, maxY: 50 },
        lanes,
        junctions,
        signals,
        vehicleLength: types.length ? lenSum / types.length : 5,
        vehicleWidth: 1.8,
      };
    },
    frame(): FrameState {
      view = engine.vehicleView(view);
      // the same order as vehicleView
      wait = engine.vehicleWaitingTimes(wait);
      let signals = '';
      for (const c of heads) signals += stateChar(engine.connState[c] ?? SIG_RED);
      return {
        t: engine.time,
        vehicles: encodeVehicles({ n: view.count, id: view.id, x: view.x, y: view.y, heading: view.heading, speed: view.speed, wait }),
        signals,
      };
    },
  };
}
