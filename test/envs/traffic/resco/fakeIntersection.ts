import type { TrafficSignalAgent } from '../../../../envs/traffic/env/TrafficSignalAgent.js';
import type { LaneVehicles } from '../../../../envs/traffic/env/TrafficSimulation.js';

/** A vehicle on a lane: distance to the stop line (m) and speed (m/s). */
export type Veh = [number, number];

/**
 * A hand-built intersection: incoming lanes 0 (N) and 1 (E), outgoing lanes 2 and 3; connection 0 is
 * 0 -> 2, connection 1 is 1 -> 3; by default phase 0 gives green to connection 0 and phase 1 to
 * connection 1 (`phases` lists other sets of connections per phase). Lane 2 leads to another
 * signalized node, lane 3 to an unsignalized one. Lane 0 is 20 m long and continues upstream lane 4
 * (100 m) through an unsignalized junction (connection 2, 4 -> 0, lane 4's only one); lane 1 is 300 m.
 */
export function intersection(
  lanes: Record<number, Veh[]>,
  opts: { waiting?: number[]; transition?: boolean; phases?: number[][]; phase?: number } = {},
): TrafficSignalAgent {
  const engine = {
    laneStats: () => undefined,
    laneVehicles: (lane: number, out: LaneVehicles): LaneVehicles => {
      const vs = [...(lanes[lane] ?? [])].sort((a, b) => a[0] - b[0]);
      out.count = vs.length;
      vs.forEach(([d, v], i) => {
        out.dist[i] = d;
        out.speed[i] = v;
        out.conn[i] = -1;
      });
      return out;
    },
    counters: { laneWaiting: Float64Array.from({ length: 5 }, (_, i) => opts.waiting?.[i] ?? 0) },
    // nodes: 0 this one, 1 signalized (end of lane 2's road), 2 unsignalized (end of lane 3's road)
    net: {
      nodeSignal: Int32Array.from([0, 1, -1]),
      roadTo: Int32Array.from([0, 0, 1, 2]),
      connToRoad: Int32Array.from([2, 3, 0]),
      connToLane: Int32Array.from([2, 3, 0]),
      nConns: 3,
      connFromLane: Int32Array.from([0, 1, 4]),
      connSignalized: Uint8Array.from([1, 1, 0]),
      laneConnStart: Int32Array.from([0, 1, 2, 2, 2, 3]),
      laneConns: Int32Array.from([0, 1, 2]),
      segLength: Float64Array.from([20, 300, 100, 100, 100]),
    },
  };
  const phases = opts.phases ?? [[0], [1]];
  const agent = {
    engine,
    inLanes: Int32Array.from([0, 1]),
    outLanes: Int32Array.from([2, 3]),
    conns: Int32Array.from([0, 1]),
    numPhases: phases.length,
    phase: opts.phase ?? 0,
    upcomingPhase: 1,
    inTransition: opts.transition ?? false,
    // connection c leaves incoming lane c
    phaseLanes: phases.map((cs) => Int32Array.from(cs)),
    phaseConns: phases.map((cs) => Int32Array.from(cs)),
    waitingTime: () => (opts.waiting ?? []).slice(0, 2).reduce((a, b) => a + b, 0),
  };
  return agent as unknown as TrafficSignalAgent;
}
