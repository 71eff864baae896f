import type { LaneCounters } from '../env/TrafficSimulation.js';
import { VEH_LOSS, VEH_WAIT } from './SumoVehicles.js';

/** What the counters ask of the simulation (see `SumoSimulation`). */
export interface CounterSource {
  /** Makes sure a lane variable is subscribed (one round trip the first time). */
  needLaneVar(varId: number): void;
  /** Per-lane sums over the vehicles now on each lane (accumulated waiting, time loss on the road), with the vehicle variable `groups` switched on. */
  laneSums(groups: number): { waiting: Float64Array; timeLoss: Float64Array };
  nodePassages(): Float64Array;
  totals(): { inserted: number; arrived: number };
  /** Answers received so far (derived arrays are recomputed once per answer). */
  readonly answers: number;
}

/**
 * SUMO's per-lane statistics behind tsgym's `LaneCounters`. Vehicle and halting counts come with every
 * answer (lane subscriptions on the signals' lanes); mean speed and occupancy are subscribed the first
 * time something reads `laneSpeedSum` or `laneOccupancy`, and the per-vehicle sums (`laneWaiting`,
 * `laneTimeLoss`) and `nodeThroughput` switch on the vehicle variables they need, so a decision only
 * pays for what the env's observation, reward and policy read.
 *
 * @example
 * ```ts
 * sim.laneStats(); sim.counters.laneWaiting[lane];
 * ```
 */
export class SumoCounters implements LaneCounters {
  readonly laneVehicles: Float64Array;
  readonly laneHalting: Float64Array;
  /** Raw subscribed values (filled by the simulation's answer reader). */
  readonly meanSpeed: Float64Array;
  readonly occupancy: Float64Array;
  private readonly speedSum: Float64Array;
  private speedAt = -1;

  constructor(nLanes: number, private readonly src: CounterSource, private readonly speedVar: number, private readonly occupancyVar: number) {
    this.laneVehicles = new Float64Array(nLanes);
    this.laneHalting = new Float64Array(nLanes);
    this.meanSpeed = new Float64Array(nLanes);
    this.occupancy = new Float64Array(nLanes);
    this.speedSum = new Float64Array(nLanes);
  }

  /** Zeroes every lane (a new run). */
  reset(): void {
    for (const a of [this.laneVehicles, this.laneHalting, this.meanSpeed, this.occupancy, this.speedSum]) a.fill(0);
    this.speedAt = -1;
  }

  get laneSpeedSum(): Float64Array {
    this.src.needLaneVar(this.speedVar);
    if (this.speedAt !== this.src.answers) {
      for (let l = 0; l < this.speedSum.length; l++) this.speedSum[l] = (this.meanSpeed[l]) * (this.laneVehicles[l]);
      this.speedAt = this.src.answers;
    }
    return this.speedSum;
  }

  get laneOccupancy(): Float64Array {
    this.src.needLaneVar(this.occupancyVar);
    return this.occupancy;
  }

  get laneWaiting(): Float64Array {
    return this.src.laneSums(VEH_WAIT).waiting;
  }

  get laneTimeLoss(): Float64Array {
    return this.src.laneSums(VEH_LOSS).timeLoss;
  }

  get nodeThroughput(): Float64Array {
    return this.src.nodePassages();
  }

  get inserted(): number {
    return this.src.totals().inserted;
  }

  get arrived(): number {
    return this.src.totals().arrived;
  }
}
