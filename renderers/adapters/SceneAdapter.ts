import type { Frame, OperationSchedule, Scene } from '../format/types.js';

/** The dynamic part of a frame an adapter reads from its env. */
export type FrameState = Pick<Frame, 't' | 'vehicles' | 'signals' | 'machines' | 'jobs'>;

/**
 * Reads an env's state into the recording format. Adapters only read: they must not step the
 * simulation, draw random numbers or change any state (recording must not alter a trajectory).
 *
 * @example
 * ```ts
 * const adapter: SceneAdapter = { scene: () => myScene, frame: () => ({ t: sim.now, machines, jobs }) };
 * ```
 */
export interface SceneAdapter {
  /** The static layout (read after each reset). */
  scene(): Scene;
  /** The dynamic state now. */
  frame(): FrameState;
  /** Extra per-frame metrics (merged over the env's `info.metrics`). */
  metrics?(): Record<string, number>;
  /**
   * Frames to store instead of the per-step ones, built at the end of the episode, for envs whose
   * steps are not simulated time (JobShop-v0 schedules operations; the replay shows the schedule).
   */
  replay?(): Frame[];
  /** The final schedule (per operation: job, machine, start, end), stored in `summary.schedule`. */
  schedule?(): OperationSchedule;
}
