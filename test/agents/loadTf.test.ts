import { afterEach, describe, expect, it } from 'vitest';
import { activeBackend, loadTf } from '../../agents/loadTf.js';

describe('loadTf', () => {
  afterEach(() => {
    delete process.env.TSGYM_TF_BACKEND;
  });

  it('loads the wasm backend in Node from the package dist folder and computes with it', async () => {
    const tf = await loadTf({ backend: 'wasm', quiet: true });
    expect(activeBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const y = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]));
    expect(Array.from(y.dataSync())).toEqual([19, 22, 43, 50]);
  });

  it('honours TSGYM_TF_BACKEND, refuses an unknown value and fails clearly when tfjs-node is absent', async () => {
    process.env.TSGYM_TF_BACKEND = 'cpu';
    await loadTf({ quiet: true });
    expect(activeBackend()).toBe('cpu');
    process.env.TSGYM_TF_BACKEND = 'gpu';
    await expect(loadTf({ quiet: true })).rejects.toThrow(/TSGYM_TF_BACKEND must be one of node, wasm, cpu, got 'gpu'/);
    delete process.env.TSGYM_TF_BACKEND;
    await expect(loadTf({ backend: 'node', quiet: true })).rejects.toThrow(/'node' could not be initialised/);
    // a failed pick does not stick
    await loadTf({ backend: 'cpu', quiet: true });
    expect(activeBackend()).toBe('cpu');
  });
});
