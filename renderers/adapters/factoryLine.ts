import type { FactoryLineEnv } from '../../envs/factory/FactoryLineEnv.js';
import type { FactoryView } from '../../envs/factory/lineView.js';
import { encodeJobs } from '../format/encodeJobs.js';
import type { JobState } from '../format/encodeJobs.js';
import { MACHINE_STATES } from '../format/types.js';
import type { FactoryScene, SceneBuffer, SceneMachine, SceneStation } from '../format/types.js';
import type { FrameState, SceneAdapter } from './SceneAdapter.js';

/**
 * Scene adapter for FactoryLine-v0: one station per stage (left to right) with its machines, the
 * stage's input buffer under it, and the release backlog on the left. Jobs are identified by serial;
 * a finished job held on a blocked machine stays on that machine (drawn with the machine blocked).
 *
 * @example
 * ```ts
 * const rec = new RecordEpisode(make('FactoryLine-v0'), { adapter: factoryLineAdapter(env.unwrapped as FactoryLineEnv) });
 * ```
 */
export function factoryLineAdapter(env: FactoryLineEnv): SceneAdapter {
  const stateCode = new Map<string, number>(MACHINE_STATES.map((s, i) => [s, i]));
  let products: readonly string[] = [];
  const machineOf = new Map<string, number>();
  const view = (): FactoryView => env.view();
  return {
    scene(): FactoryScene {
      const v = view();
      products = env.model.productNames;
      const widest = Math.max(10, ...v.stations.map((s) => s.machines.length * 5 + 2));
      const gap = Math.max(30, widest + 14);
      const stations: SceneStation[] = [];
      const machines: SceneMachine[] = [];
      const buffers: SceneBuffer[] = [{ id: 'backlog', name: 'Release backlog', x: -gap / 2 - 10, y: 0, capacity: null }];
      machineOf.clear();
      v.stations.forEach((s, i) => {
        const x = i * gap;
        stations.push({ id: s.name, name: s.name, x, y: 0 });
        for (const m of s.machines) {
          machineOf.set(m.name, machines.length);
          machines.push({ id: m.name, name: m.name, station: i });
        }
        const slots = Math.min(s.bufferCapacity ?? 8, 8);
        buffers.push({ id: `${s.name}-in`, name: `${s.name} queue`, x: x - ((slots - 1) * 2.4) / 2, y: -9, capacity: s.bufferCapacity });
      });
      const n = v.stations.length;
      return {
        kind: 'factory',
        bounds: { minX: -gap / 2 - 14, minY: -14, maxX: (n - 1) * gap + gap / 2, maxY: 8 },
        stations,
        machines,
        buffers,
        flows: stations.slice(1).map((_, i) => [i, i + 1] as [number, number]),
        jobTypes: [...products],
      };
    },
    frame(): FrameState {
      const v = view();
      const s: number[] = [];
      const j: number[] = [];
      const jobs: JobState[] = [];
      const type = (serial: number): number => Math.max(0, products.indexOf(v.products[serial] ?? ''));
      for (const serial of v.backlog) jobs.push({ id: serial, k: type(serial), loc: 0, at: 0, to: -1 });
      v.stations.forEach((st, i) => {
        for (const serial of st.buffer) jobs.push({ id: serial, k: type(serial), loc: 0, at: i + 1, to: -1 });
        for (const m of st.machines) {
          s.push(stateCode.get(m.state) ?? 0);
          j.push(m.job ?? -1);
          if (m.job !== null) jobs.push({ id: m.job, k: type(m.job), loc: 1, at: machineOf.get(m.name) ?? 0, to: -1 });
        }
      });
      return { t: v.time, machines: { s, j }, jobs: encodeJobs(jobs) };
    },
    metrics(): Record<string, number> {
      const v = view();
      let busy = 0;
      for (const st of v.stations) for (const m of st.machines) if (m.state === 'busy') busy++;
      return { wip: v.wip, throughput: v.completed, busyMachines: busy };
    },
  };
}
