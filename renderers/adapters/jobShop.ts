import type { JobShopEnv } from '../../envs/factory/jobshop/JobShopEnv.js';
import { encodeJobs } from '../format/encodeJobs.js';
import type { JobState } from '../format/encodeJobs.js';
import type { FactoryScene, Frame, SceneBuffer, SceneMachine, SceneStation } from '../format/types.js';
import type { FrameState, SceneAdapter } from './SceneAdapter.js';

const PER_ROW = 5;

/**
 * Scene adapter for JobShop-v0. Its steps schedule operations rather than advance time, so the
 * recording replays the schedule in time: one station per machine (rows of five) with its queue
 * below, a "Finished" buffer, and a frame at every operation start or end. At time t a job is on the
 * machine of the operation running at t, else waiting in the queue of its next operation's machine.
 * `summary.schedule` holds every operation's job, machine, start and end (the Gantt chart's data).
 *
 * @example
 * ```ts
 * const env = new RecordEpisode(make('JobShop-v0', { instance: 'ft06' }), { path: 'ft06.json', policy: 'spt' });
 * ```
 */
export function jobShopAdapter(env: JobShopEnv): SceneAdapter {
  const inst = env.instance;
  const J = inst.nJobs;
  const M = inst.nMachines;
  const stateAt = (t: number): FrameState => {
    const s = new Array<number>(M).fill(0);
    const onMachine = new Array<number>(M).fill(-1);
    const jobs: JobState[] = [];
    for (let j = 0; j < J; j++) {
      let placed = false;
      for (let k = 0; k < M; k++) {
        const i = j * M + k;
        const st = env.start[i] ?? -1;
        const mc = inst.machine[i] ?? 0;
        const end = st + (inst.time[i] ?? 0);
        if (st >= 0 && st <= t && t < end) {
          s[mc] = 1;
          onMachine[mc] = j;
          jobs.push({ id: j, k: 0, loc: 1, at: mc, to: -1 });
          placed = true;
          break;
        }
        if (st < 0 || st > t) {
          jobs.push({ id: j, k: 0, loc: 0, at: mc, to: -1 });
          placed = true;
          break;
        }
      }
      if (!placed) jobs.push({ id: j, k: 0, loc: 0, at: M, to: -1 });
    }
    return { t, machines: { s, j: onMachine }, jobs: encodeJobs(jobs) };
  };
  const frameMetrics = (f: FrameState): Record<string, number> => {
    let busy = 0;
    for (const x of f.machines?.s ?? []) if (x === 1) busy++;
    let finished = 0;
    const jb = f.jobs;
    if (jb) for (let k = 0; k < jb.loc.length; k++) if (jb.loc[k] === 0 && jb.at[k] === M) finished++;
    return { busyMachines: busy, jobsFinished: finished, utilisation: busy / M };
  };
  return {
    scene(): FactoryScene {
      const stations: SceneStation[] = [];
      const machines: SceneMachine[] = [];
      const buffers: SceneBuffer[] = [];
      for (let m = 0; m < M; m++) {
        const x = (m % PER_ROW) * 30;
        const y = -Math.floor(m / PER_ROW) * 26;
        stations.push({ id: `M${m}`, name: `Machine ${m}`, x, y });
        machines.push({ id: `M${m}`, name: `M${m}`, station: m });
        buffers.push({ id: `Q${m}`, name: `queue ${m}`, x: x - 8.4, y: y - 9, capacity: null });
      }
      const rows = Math.ceil(M / PER_ROW);
      buffers.push({ id: 'done', name: 'Finished', x: Math.min(M, PER_ROW) * 30, y: 0, capacity: null });
      return {
        kind: 'factory',
        bounds: { minX: -15, minY: -(rows - 1) * 26 - 14, maxX: Math.min(M, PER_ROW) * 30 + 22, maxY: 8 },
        stations,
        machines,
        buffers,
        flows: [],
        jobTypes: ['job'],
      };
    },
    frame: () => stateAt(env.makespan()),
    schedule: () => {
      const ops = env.schedule();
      return {
        job: ops.map((o) => o.job),
        op: ops.map((o) => o.op),
        machine: ops.map((o) => o.machine),
        start: ops.map((o) => o.start),
        end: ops.map((o) => o.end),
      };
    },
    replay(): Frame[] {
      const times = new Set<number>([0]);
      for (let i = 0; i < J * M; i++) {
        const st = env.start[i] ?? -1;
        if (st >= 0) times.add(st).add(st + (inst.time[i] ?? 0));
      }
      // Replay frames carry no reward (steps are decisions, not time); summary.totalReward has it.
      return [...times]
        .sort((a, b) => a - b)
        .map((t, step) => {
          const f = stateAt(t);
          return { ...f, step, reward: 0, metrics: { ...frameMetrics(f), makespanSoFar: t } };
        });
    },
  };
}
