import { describe, expect, it } from 'vitest';
import { placement } from '../../../src/cli/bench/vectorBench.js';

// The bench's scenario strings must say exactly which envs each thread steps (hand-computed splits:
// lane l of L steps envs floor(l n / L) .. floor((l + 1) n / L) - 1).
describe('vector bench placement', () => {
  it('names the main-thread share and the worker lanes', () => {
    expect(placement({ key: 'x', n: 64, mode: 'async', workers: 1, mainThreadShare: true })).toBe(
      'AsyncVectorEnv (main thread steps envs 0..31, 1 worker thread envs 32..63; workers: 1, mainThreadShare: true)',
    );
    expect(placement({ key: 'x', n: 5, mode: 'async', workers: 2, mainThreadShare: true })).toBe(
      'AsyncVectorEnv (main thread steps env 0, 2 worker threads envs 1..2, envs 3..4; workers: 2, mainThreadShare: true)',
    );
  });

  it('says the main thread waits when only workers step, and sync runs everything in the calling thread', () => {
    expect(placement({ key: 'x', n: 8, mode: 'async', workers: 2, mainThreadShare: false })).toBe(
      'AsyncVectorEnv (2 worker threads envs 0..3, envs 4..7, main thread waits; workers: 2)',
    );
    expect(placement({ key: 'x', n: 1, mode: 'async', workers: 1, mainThreadShare: false })).toBe(
      'AsyncVectorEnv (1 worker thread env 0, main thread waits; workers: 1)',
    );
    expect(placement({ key: 'x', n: 64, mode: 'sync', workers: 0, mainThreadShare: false })).toBe('SyncVectorEnv (all envs in the calling thread)');
  });
});
