/** Machine states, as codes (index into per-machine state-time arrays). */
export const STATE_IDLE = 0;
export const STATE_BUSY = 1;
export const STATE_SETUP = 2;
export const STATE_BLOCKED = 3;
export const STATE_STARVED = 4;
export const STATE_DOWN = 5;
/**
 * Names of the machine states, indexed by code.
 *
 * @example
 * ```ts
 * MACHINE_STATES[sim.stateOf(0)]; // 'busy'
 * ```
 */
export const MACHINE_STATES = ['idle', 'busy', 'setup', 'blocked', 'starved', 'down'] as const;
/** A machine state name. */
export type MachineState = (typeof MACHINE_STATES)[number];

const HIST_MIN = 1e-3;
const HIST_LOG_RATIO = Math.log(1.005);
const HIST_BINS = 6000;

/**
 * Counters of a flow-line run since its statistics start (time 0 or the warm-up): completed jobs, cycle
 * times (sum and a log-spaced histogram, 0.5 % bins, for percentiles), tardiness and the WIP time
 * integral. Fixed-size arrays: recording a job allocates nothing.
 *
 * @example
 * ```ts
 * const st = new LineStats();
 * st.recordJob(12.5, 0); st.percentile(0.95);
 * ```
 */
export class LineStats {
  completed = 0;
  sumCycle = 0;
  sumTardiness = 0;
  tardy = 0;
  /** Integral of jobs-in-line over time. */
  wipArea = 0;
  start = 0;
  private readonly hist = new Float64Array(HIST_BINS);
  private under = 0;

  reset(time: number): void {
    this.completed = 0;
    this.sumCycle = 0;
    this.sumTardiness = 0;
    this.tardy = 0;
    this.wipArea = 0;
    this.start = time;
    this.hist.fill(0);
    this.under = 0;
  }

  /** A copy of the counters (structured-cloneable). */
  snapshot(): LineStatsSnapshot {
    return {
      completed: this.completed,
      sumCycle: this.sumCycle,
      sumTardiness: this.sumTardiness,
      tardy: this.tardy,
      wipArea: this.wipArea,
      start: this.start,
      under: this.under,
      hist: this.hist.slice(),
    };
  }

  /** Restores a `snapshot()`. */
  restore(s: LineStatsSnapshot): void {
    this.completed = s.completed;
    this.sumCycle = s.sumCycle;
    this.sumTardiness = s.sumTardiness;
    this.tardy = s.tardy;
    this.wipArea = s.wipArea;
    this.start = s.start;
    this.under = s.under;
    this.hist.set(s.hist);
  }

  /** Records one finished job: cycle time (release to completion) and tardiness (>= 0). */
  recordJob(cycle: number, tardiness: number): void {
    this.completed++;
    this.sumCycle += cycle;
    if (tardiness > 0) {
      this.tardy++;
      this.sumTardiness += tardiness;
    }
    if (cycle < HIST_MIN) {
      this.under++;
      return;
    }
    let b = Math.floor(Math.log(cycle / HIST_MIN) / HIST_LOG_RATIO);
    if (b >= HIST_BINS) b = HIST_BINS - 1;
    this.hist[b] = (this.hist[b]) + 1;
  }

  /** Cycle-time quantile q in (0, 1) from the histogram (bin centre; 0.5 % resolution). */
  percentile(q: number): number {
    if (this.completed === 0) return 0;
    const target = q * this.completed;
    let acc = this.under;
    if (acc >= target) return 0;
    for (let b = 0; b < HIST_BINS; b++) {
      acc += this.hist[b];
      if (acc >= target) return HIST_MIN * Math.exp((b + 0.5) * HIST_LOG_RATIO);
    }
    return HIST_MIN * Math.exp(HIST_BINS * HIST_LOG_RATIO);
  }
}

/** The counters of a {@link LineStats}, as returned by `snapshot()`. */
export interface LineStatsSnapshot {
  readonly completed: number;
  readonly sumCycle: number;
  readonly sumTardiness: number;
  readonly tardy: number;
  readonly wipArea: number;
  readonly start: number;
  readonly under: number;
  readonly hist: Float64Array;
}
