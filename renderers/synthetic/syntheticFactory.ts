import { Rng } from '../../src/rng/Rng.js';
import { encodeJobs } from '../format/encodeJobs.js';
import type { JobState } from '../format/encodeJobs.js';
import type { FactoryScene, Frame, Recording, SceneBuffer, SceneMachine, SceneStation } from '../format/types.js';

/** Options of `syntheticFactory`. */
export interface SyntheticFactoryOptions {
  /** Stations in the line. */
  readonly stations?: number;
  /** Capacity of each buffer between stations. */
  readonly capacity?: number;
  readonly frames?: number;
  readonly seed?: number;
}

/**
 * A deterministic synthetic flow-line recording (for tests and demos): jobs arrive at a source buffer,
 * visit each station's single machine in turn, wait in bounded buffers between them, and leave. Every
 * machine state (idle, busy, setup, blocked, starved, down) occurs. Not a factory model: use
 * `RecordEpisode` on a factory env for real episodes.
 *
 * @example
 * ```ts
 * const rec = syntheticFactory({ stations: 4, frames: 200 });
 * ```
 */
export function syntheticFactory(opts: SyntheticFactoryOptions = {}): Recording {
  const nS = opts.stations ?? 4;
  const cap = opts.capacity ?? 3;
  const nFrames = opts.frames ?? 120;
  const seed = opts.seed ?? 0;
  const rng = new Rng(seed);
  const stations: SceneStation[] = [];
  const machines: SceneMachine[] = [];
  const buffers: SceneBuffer[] = [];
  for (let i = 0; i < nS; i++) {
    stations.push({ id: `S${i}`, name: `Station ${i + 1}`, x: 20 + i * 30, y: 0 });
    machines.push({ id: `M${i}`, name: `M${i + 1}`, station: i });
    buffers.push({ id: `B${i}`, name: i === 0 ? 'Source' : `Buffer ${i}`, x: 5 + i * 30, y: -8, capacity: i === 0 ? null : cap });
  }
  const scene: FactoryScene = {
    kind: 'factory',
    bounds: { minX: 0, minY: -15, maxX: 30 * nS + 10, maxY: 10 },
    stations,
    machines,
    buffers,
    flows: stations.slice(1).map((_, i) => [i, i + 1] as [number, number]),
    jobTypes: ['A', 'B'],
  };
  // Discrete-time line: queues hold job ids; a machine holds one job with remaining work.
  const queues: number[][] = buffers.map(() => []);
  const onMachine = new Int32Array(nS).fill(-1);
  const remaining = new Int32Array(nS);
  const setupLeft = new Int32Array(nS);
  const downLeft = new Int32Array(nS);
  const lastType = new Int32Array(nS).fill(-1);
  const jobType = new Map<number, number>();
  let nextId = 1;
  let done = 0;
  let totalReward = 0;
  const frames: Frame[] = [];
  for (let t = 0; t < nFrames; t++) {
    if (t > 0) {
      if (t % 3 === 0) {
        jobType.set(nextId, rng.integers(0, 2));
        queues[0]?.push(nextId++);
      }
      for (let i = nS - 1; i >= 0; i--) {
        if (downLeft[i] ?? 0) { downLeft[i] = (downLeft[i] ?? 1) - 1; continue; }
        if (rng.random() < 0.01) { downLeft[i] = 5; continue; }
        if (setupLeft[i] ?? 0) { setupLeft[i] = (setupLeft[i] ?? 1) - 1; continue; }
        const j = onMachine[i] ?? -1;
        if (j >= 0 && (remaining[i] ?? 0) > 0) remaining[i] = (remaining[i] ?? 1) - 1;
        if (j >= 0 && remaining[i] === 0) {
          const next = queues[i + 1];
          if (i === nS - 1) { onMachine[i] = -1; jobType.delete(j); done++; }
          else if (next && next.length < cap) { next.push(j); onMachine[i] = -1; }
        }
        if (onMachine[i] === -1) {
          const nj = queues[i]?.shift();
          if (nj !== undefined) {
            onMachine[i] = nj;
            remaining[i] = 2 + ((i * 7 + nj) % 3);
            const k = jobType.get(nj) ?? 0;
            if (lastType[i] !== -1 && lastType[i] !== k) setupLeft[i] = 2;
            lastType[i] = k;
          }
        }
      }
    }
    const s: number[] = [];
    const js: number[] = [];
    const jobs: JobState[] = [];
    for (let i = 0; i < nS; i++) {
      const j = onMachine[i] ?? -1;
      const blocked = j >= 0 && remaining[i] === 0;
      s.push(downLeft[i] ? 5 : setupLeft[i] ? 2 : blocked ? 3 : j >= 0 ? 1 : i > 0 ? 4 : 0);
      js.push(j);
      if (j >= 0) jobs.push({ id: j, k: jobType.get(j) ?? 0, loc: 1, at: i, to: -1 });
    }
    queues.forEach((q, b) => { for (const id of q) jobs.push({ id, k: jobType.get(id) ?? 0, loc: 0, at: b, to: -1 }); });
    const wip = jobs.length;
    const reward = t === 0 ? 0 : -wip / 10;
    totalReward += reward;
    const metrics = { throughput: done, wip, busyMachines: s.filter((x) => x === 1).length };
    frames.push({ t, step: t, reward, metrics, machines: { s, j: js }, jobs: encodeJobs(jobs) });
  }
  const last = frames[frames.length - 1];
  return {
    format: 'tsgym-episode',
    version: 1,
    env: `synthetic-line-${nS}`,
    kwargs: { stations: nS, capacity: cap },
    seed,
    policy: 'fifo',
    every: 1,
    scene,
    frames,
    summary: { steps: nFrames - 1, frames: nFrames, totalReward, duration: nFrames - 1, terminated: false, truncated: true, metrics: last?.metrics ?? {} },
  };
}
