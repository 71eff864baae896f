import { InvalidConfig } from '../../../src/core/errors.js';
import type { TrafficSignalAgent } from './TrafficSignalAgent.js';

/**
 * Opt-in features appended after the default observation (kwarg `observationExtras`):
 * - `time`: simulated time over the episode length (0..1), a time-of-day clock for time-varying demand;
 * - `green-time`: seconds the current green has run over the phase's max green (0 during yellow/all-red);
 * - `phase-demand`: per phase, the vehicles on the incoming lanes whose movement gets protected green in
 *   that phase, over what fits on the lanes feeding those movements (0..1): how many left-turners wait
 *   for their protected phase, which the per-lane density and queue cannot tell apart from through traffic.
 */
export const OBSERVATION_EXTRAS = ['time', 'green-time', 'phase-demand'] as const;
/** One opt-in observation feature. */
export type ObservationExtra = (typeof OBSERVATION_EXTRAS)[number];

/**
 * Writes the opt-in observation features of one signal agent (see `OBSERVATION_EXTRAS`), in the order
 * given, all in [0, 1]; preallocated, no allocation per call.
 *
 * @example
 * ```ts
 * const extras = new ObservationExtras(agent, ['time', 'phase-demand'], 3600);
 * const out = new Float32Array(agent.obsSize + extras.size);
 * agent.observe(out);
 * extras.write(out, agent.obsSize);
 * ```
 */
export class ObservationExtras {
  /** Number of values written. */
  readonly size: number;
  /** For each phase, the capacity (vehicles) of the incoming lanes feeding its protected movements. */
  private readonly phaseCapacity: Float64Array;
  private readonly maxGreen: number;

  constructor(readonly agent: TrafficSignalAgent, readonly extras: readonly ObservationExtra[], readonly numSeconds: number, readonly begin = 0) {
    if (new Set(extras).size !== extras.length)
      throw new InvalidConfig(
        `observationExtras: a feature is listed twice in [${extras.join(', ')}]: expected each of ${OBSERVATION_EXTRAS.join(', ')} at most once`,
      );
    if (!(numSeconds > 0)) throw new InvalidConfig(`observationExtras: numSeconds must be > 0, got ${numSeconds}`);
    const n = agent.engine.net;
    const sig = agent.engine.signals;
    this.maxGreen = Math.max(1e-9, sig.phMaxGreen[sig.phaseStart[agent.signal]]);
    const veh = (n.demand.typeLength[0]) + (n.demand.typeMinGap[0]);
    this.phaseCapacity = new Float64Array(agent.numPhases);
    for (let p = 0; p < agent.numPhases; p++) {
      const lanes = new Set<number>();
      for (let k = 0; k < agent.conns.length; k++) if (((agent.connProtectedMask[k]) & (1 << p)) !== 0) lanes.add(n.connFromLane[agent.conns[k]]);
      let cap = 0;
      for (const l of lanes) cap += Math.max(1, (n.segLength[l]) / veh);
      this.phaseCapacity[p] = Math.max(1, cap);
    }
    let size = 0;
    for (const x of extras) size += x === 'phase-demand' ? agent.numPhases : 1;
    this.size = size;
  }

  /** Writes the features into `out` from index `offset` on. */
  write(out: Float32Array, offset: number): void {
    const a = this.agent;
    let i = offset;
    for (const x of this.extras) {
      if (x === 'time') {
        out[i++] = Math.min(1, Math.max(0, (a.engine.time - this.begin) / (this.numSeconds - this.begin)));
      } else if (x === 'green-time') {
        out[i++] = Math.min(1, a.greenTime / this.maxGreen);
      } else {
        a.countMovements();
        for (let p = 0; p < a.numPhases; p++) {
          let s = 0;
          const bit = 1 << p;
          for (let k = 0; k < a.conns.length; k++) if (((a.connProtectedMask[k]) & bit) !== 0) s += a.movementCount[k];
          out[i++] = Math.min(1, s / (this.phaseCapacity[p]));
        }
      }
    }
  }
}
