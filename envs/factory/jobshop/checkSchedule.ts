import type { JobShopInstance } from './JobShopInstance.js';
import type { ScheduledOp } from './JobShopSim.js';

/**
 * Checks a complete schedule against the instance alone: every operation once, on its machine, for its
 * processing time, from time 0 on; each job's operations in order without overlap; at most one
 * operation at a time on each machine. Returns '' when feasible, else the first violation.
 *
 * @example
 * ```ts
 * checkSchedule(inst, info.schedule); // ''
 * ```
 */
export function checkSchedule(inst: JobShopInstance, schedule: readonly ScheduledOp[]): string {
  const { nJobs: J, nMachines: M } = inst;
  if (schedule.length !== J * M) return `schedule has ${schedule.length} operations, expected ${J * M}`;
  const seen = new Int8Array(J * M);
  const start = new Float64Array(J * M);
  for (const o of schedule) {
    if (!(o.job >= 0 && o.job < J && o.op >= 0 && o.op < M)) return `operation ${JSON.stringify(o)} is not in the ${J} x ${M} instance`;
    const i = o.job * M + o.op;
    if (seen[i]) return `job ${o.job} operation ${o.op} is scheduled twice`;
    seen[i] = 1;
    if (o.machine !== inst.machine[i]) return `job ${o.job} operation ${o.op} on machine ${o.machine}, expected ${inst.machine[i]}`;
    if (o.end - o.start !== inst.time[i] || !(o.start >= 0)) {
      return `job ${o.job} operation ${o.op} runs ${o.start}..${o.end}, expected a start >= 0 and ${inst.time[i]} long`;
    }
    start[i] = o.start;
  }
  for (let j = 0; j < J; j++) {
    for (let k = 1; k < M; k++) {
      const i = j * M + k;
      if (start[i] < start[i - 1] + inst.time[i - 1]) return `job ${j} operation ${k} starts at ${start[i]} before operation ${k - 1} ends`;
    }
  }
  const byMachine = Array.from({ length: M }, () => [] as number[]);
  for (let i = 0; i < J * M; i++) byMachine[inst.machine[i]]?.push(i);
  for (let m = 0; m < M; m++) {
    const ops = byMachine[m].sort((a, b) => start[a] - start[b]);
    for (let r = 1; r < ops.length; r++) {
      const a = ops[r - 1];
      const b = ops[r];
      if (start[b] < start[a] + inst.time[a]) return `machine ${m} runs operations ${a} and ${b} at once (${start[a]}+${inst.time[a]} > ${start[b]})`;
    }
  }
  return '';
}
