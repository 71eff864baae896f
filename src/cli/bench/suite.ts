import type { BenchFn } from '../../bench/types.js';

/** One part of the benchmark suite: its bench function lives beside the code it measures (vector and agents, measured on CartPole, here). */
export interface BenchSection {
  /** JSON key of the section in `tsgym bench --json` (DESIGN.md: classic, vector, traffic, factory, agents, viewer). */
  readonly name: string;
  readonly load: () => Promise<BenchFn>;
}

/** The sections `tsgym bench` runs, in order. Each part adds its own entry. */
export const sections: BenchSection[] = [
  { name: 'classic', load: async () => (await import('../../../envs/classic/bench.js')).bench },
  { name: 'vector', load: async () => (await import('./vectorBench.js')).bench },
  { name: 'imported', load: async () => (await import('../../../envs/traffic/validate/benchImported.js')).bench },
  { name: 'resco', load: async () => (await import('../../../envs/traffic/validate/benchResco.js')).bench },
  { name: 'sumo', load: async () => (await import('../../../envs/traffic/sumo/bench.js')).bench },
  { name: 'factory', load: async () => (await import('../../../envs/factory/bench.js')).bench },
  { name: 'traffic', load: async () => (await import('../../../envs/traffic/bench.js')).bench },
  { name: 'agents', load: async () => (await import('./agentsBench.js')).bench },
  { name: 'viewer', load: async () => (await import('../../../renderers/bench.js')).bench },
  { name: 'serve', load: async () => (await import('../../serve/bench.js')).bench },
  { name: 'distributed', load: async () => (await import('./distributedBench.js')).bench },
];
