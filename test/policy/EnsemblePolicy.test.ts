import { describe, expect, it } from 'vitest';
import { InvalidFile } from '../../src/core/errors.js';
import { resolvePolicy } from '../../src/eval/resolvePolicy.js';
import { EnsemblePolicy } from '../../src/policy/EnsemblePolicy.js';
import { MlpPolicy, type SerializedMlp } from '../../src/policy/MlpPolicy.js';
import '../../envs/classic/index.js';
import { Rng } from '../../src/rng/Rng.js';
import { RolloutPool } from '../../src/rollout/RolloutPool.js';
import { runEpisode } from '../../src/policy/runEpisode.js';
import { make } from '../../src/registry/registry.js';
import { identityMlp, randomMlp, runDirWith } from '../serve/helpers.js';

/** A random q-network for CartPole-v1 (Box(4) observation, Discrete(2)). */
function cartpoleNet(seed: number): SerializedMlp {
  const net = randomMlp(seed, 4, [16], 2);
  net.observationSpace = { type: 'Box', low: [-4.8, -1e30, -0.419, -1e30], high: [4.8, 1e30, 0.419, 1e30], shape: [4], dtype: 'float32' };
  return net;
}

describe('EnsemblePolicy', () => {
  it('of identical networks acts and values exactly as the single network (q and logits)', () => {
    for (const output of ['q', 'logits'] as const) {
      const net = randomMlp(3, 8, [32, 32], 5, output);
      const single = new MlpPolicy(net);
      const ens = new EnsemblePolicy([net, net, net]);
      const rng = new Rng(4);
      for (let i = 0; i < 200; i++) {
        const obs = Float32Array.from({ length: 8 }, () => rng.uniform(-10, 10));
        expect(ens.act(obs, {})).toBe(single.act(obs, {}));
        const y = Array.from(single.forward(obs));
        const expected = output === 'q' ? y : y.map((v) => Math.exp(v) / y.reduce((a, w) => a + Math.exp(w), 0));
        Array.from(ens.values(obs)).forEach((v, k) => expect(v).toBeCloseTo(expected[k] ?? NaN, 12));
      }
    }
  });

  it('averages probabilities, not logits (hand-computed)', () => {
    const a = identityMlp(2);
    a.output = 'logits';
    const b: SerializedMlp = { ...a, layers: [{ ...(a.layers[0]), weights: [0, 0, 0, 0] }] }; // logits [0, 0]
    const ens = new EnsemblePolicy([a, b]);
    const v = ens.values(Float32Array.of(0, Math.log(3))); // a: [1/4, 3/4]; b: [1/2, 1/2]
    expect(v[0]).toBeCloseTo(0.375, 7);
    expect(v[1]).toBeCloseTo(0.625, 7);
    expect(ens.act(Float32Array.of(0, Math.log(3)), {})).toBe(1);
  });

  it('refuses members of different spaces, naming the member', () => {
    expect(() => new EnsemblePolicy([identityMlp(2), identityMlp(3)])).toThrow(/member 2 does not fit member 1: observation space/);
    expect(() => new EnsemblePolicy([])).toThrow(InvalidFile);
  });
});

describe('ensemble: policies', () => {
  it('resolvePolicy reads ensemble:DIR1,DIR2 and names a bad member', () => {
    const a = runDirWith(cartpoleNet(1));
    const b = runDirWith(cartpoleNet(2));
    const spec = resolvePolicy(`ensemble:${a},${b}`, 'CartPole-v1');
    expect(typeof spec !== 'string' && spec.kind === 'ensemble' && spec.networks.length).toBe(2);
    expect(() => resolvePolicy(`ensemble:${a},/no/such/dir`, 'CartPole-v1')).toThrow(/Ensemble member '\/no\/such\/dir' does not exist/);
    const c = runDirWith(identityMlp(3));
    expect(() => resolvePolicy(`ensemble:${a},${c}`, 'CartPole-v1')).toThrow(new RegExp(`member 2 \\('${c}'\\) does not fit`));
  });

  it('RolloutPool plays an ensemble of identical networks exactly as the single network', async () => {
    const net = cartpoleNet(5);
    const pool = new RolloutPool({ workers: 2 });
    try {
      const single = await pool.evaluate({ envId: 'CartPole-v1', policy: { kind: 'mlp', network: net }, episodes: 6, seed: 10 });
      const ens = await pool.evaluate({ envId: 'CartPole-v1', policy: { kind: 'ensemble', networks: [net, net] }, episodes: 6, seed: 10 });
      expect(ens).toEqual(single);
      const nets = [net, cartpoleNet(6), cartpoleNet(7)];
      const other = await pool.evaluate({ envId: 'CartPole-v1', policy: { kind: 'ensemble', networks: nets }, episodes: 3, seed: 10 });
      const local = [0, 1, 2].map((i) => runEpisode(make('CartPole-v1'), new EnsemblePolicy(nets), 10 + i, { episode: i }));
      expect(other).toEqual(local);
    } finally {
      await pool.close();
    }
  });
});
