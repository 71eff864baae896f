import type { FlowLineSim } from './FlowLineSim.js';
import { STATE_BLOCKED, STATE_BUSY, STATE_DOWN, STATE_IDLE, STATE_SETUP, STATE_STARVED } from './LineStats.js';

/**
 * The flat metrics record of a flow-line run since its statistics start (time 0 or the warm-up):
 * `throughput` (jobs/hour), `completed`, `meanCycleTime`, `p95CycleTime` (s), `wip` (time-average jobs in
 * the line), `meanTardiness` (s, over completed jobs), `tardyFraction`, `oee` (mean over machines), and per
 * machine `<name>.utilisation|setup|blocked|starved|idle|down|oee` (fractions of elapsed time).
 * OEE = availability x performance x quality with availability = 1 - down fraction, performance =
 * nominal processing time of the parts made / operating (not down) time, quality = 1 (no scrap modelled).
 *
 * @example
 * ```ts
 * const m = lineMetrics(sim); m.throughput; m['S1.utilisation'];
 * ```
 */
export function lineMetrics(sim: FlowLineSim): Record<string, number> {
  const st = sim.stats;
  const T = sim.now - st.start;
  const md = sim.model;
  const out: Record<string, number> = {
    throughput: T > 0 ? (st.completed / T) * 3600 : 0,
    completed: st.completed,
    meanCycleTime: st.completed > 0 ? st.sumCycle / st.completed : 0,
    p95CycleTime: st.percentile(0.95),
    wip: T > 0 ? st.wipArea / T : 0,
    meanTardiness: st.completed > 0 ? st.sumTardiness / st.completed : 0,
    tardyFraction: st.completed > 0 ? st.tardy / st.completed : 0,
    time: sim.now,
  };
  let oeeSum = 0;
  for (let m = 0; m < md.nMachines; m++) {
    const name = md.machineNames[m];
    const f = (s: number): number => (T > 0 ? (sim.stateTime[m * 6 + s]) / T : 0);
    const down = f(STATE_DOWN);
    const operating = T * (1 - down);
    const availability = 1 - down;
    const performance = operating > 0 ? Math.min(1, (sim.machNominal[m]) / operating) : 0;
    const oee = availability * performance;
    oeeSum += oee;
    out[`${name}.utilisation`] = f(STATE_BUSY);
    out[`${name}.setup`] = f(STATE_SETUP);
    out[`${name}.blocked`] = f(STATE_BLOCKED);
    out[`${name}.starved`] = f(STATE_STARVED);
    out[`${name}.idle`] = f(STATE_IDLE);
    out[`${name}.down`] = down;
    out[`${name}.oee`] = oee;
  }
  out.oee = md.nMachines > 0 ? oeeSum / md.nMachines : 0;
  return out;
}
