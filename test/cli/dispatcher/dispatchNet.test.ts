import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf, type Tf } from '../../../agents/loadTf.js';
import { DecisionStore } from '../../../src/cli/dispatcher/DecisionBatch.js';
import { DispatchNetTf } from '../../../src/cli/dispatcher/DispatchNetTf.js';
import { trainDispatcher } from '../../../src/cli/dispatcher/trainDispatcher.js';
import { dispatchRollout, RolloutScratch } from '../../../src/cli/dispatcher/dispatchRollout.js';
import { InvalidFile, InvalidObservation } from '../../../src/core/errors.js';
import { Rng } from '../../../src/rng/Rng.js';
import { makePolicy } from '../../../src/policy/policyRegistry.js';
import '../../../envs/factory/index.js';
import { DispatchNet } from '../../../envs/factory/jobshop/gnn/DispatchNet.js';
import { GnnPolicy } from '../../../envs/factory/jobshop/gnn/GnnPolicy.js';
import { parseDispatchNet, type SerializedDispatchNet } from '../../../envs/factory/jobshop/gnn/SerializedDispatchNet.js';
import { SHIPPED_DISPATCHER } from '../../../envs/factory/jobshop/gnn/shippedDispatcher.js';
import { JobShopEnv, type JobShopGraphObs } from '../../../envs/factory/jobshop/JobShopEnv.js';
import { randomTaillardInstance } from '../../../envs/factory/jobshop/taillardInstance.js';

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf({ backend: 'cpu', quiet: true });
});

/** log-softmax of the finite scores (the allowed jobs). */
function logSoftmax(s: Float64Array): number[] {
  const mx = Math.max(...Array.from(s).filter(Number.isFinite));
  const z = Array.from(s).reduce((a, v) => a + (Number.isFinite(v) ? Math.exp(v - mx) : 0), 0);
  return Array.from(s, (v) => (Number.isFinite(v) ? v - mx - Math.log(z) : -Infinity));
}

describe('job-shop dispatcher network', () => {
  it('TensorFlow.js and the plain TypeScript forward pass give the same action log-probabilities', async () => {
    const rng = new Rng(3);
    for (const rounds of [0, 1, 2]) {
      const net = DispatchNetTf.create(tf, { hidden: 8, rounds, headHidden: 12, scheme: 'non-delay' }, rng);
      const js = new DispatchNet(await net.toJSON());
      const store = new DecisionStore(7, 5, 400);
      const scratch = new RolloutScratch(7, 5);
      for (let e = 0; e < 3; e++)
        dispatchRollout(randomTaillardInstance(rng, 7, 5), 'non-delay', { net: js, greedy: false, rng }, scratch, store);
      expect(store.n).toBeGreaterThan(5);
      const batch = store.newBatch(store.n);
      store.fill(
        batch,
        Array.from({ length: store.n }, (_, i) => i),
        0,
        store.n,
      );
      const logp = Array.from(tf.tidy(() => net.forward(batch).logp).dataSync());
      // the rollout stored the JS log-probability of each sampled action
      for (let d = 0; d < store.n; d++) expect(logp[d], `rounds ${rounds}, decision ${d}`).toBeCloseTo(store.logp[d], 4);
      net.dispose();
    }
  });

  it('the TensorFlow.js entropy is the masked softmax entropy', async () => {
    const rng = new Rng(4);
    const net = DispatchNetTf.create(tf, { hidden: 8, rounds: 1, headHidden: 8, scheme: 'non-delay' }, rng);
    const js = new DispatchNet(await net.toJSON());
    const inst = randomTaillardInstance(rng, 6, 4);
    const store = new DecisionStore(6, 4, 50);
    dispatchRollout(inst, 'non-delay', { net: js, greedy: true, rng }, new RolloutScratch(6, 4), store);
    const batch = store.newBatch(1);
    store.fill(batch, [0], 0, 1);
    const ent = tf.tidy(() => net.forward(batch).entropy).dataSync()[0];
    const scores = new Float64Array(6);
    const mask = Int8Array.from(store.mask.subarray(0, 6));
    js.scores(
      {
        nJobs: 6,
        nMachines: 4,
        x: store.x.subarray(0, 6 * 4 * 13),
        machine: store.machine.subarray(0, 24),
        nextOp: store.next.subarray(0, 6),
        mask,
      },
      scores,
    );
    const lp = logSoftmax(scores);
    expect(ent).toBeCloseTo(-lp.reduce((a, v) => a + (Number.isFinite(v) ? Math.exp(v) * v : 0), 0), 4);
    net.dispose();
  });

  it('GnnPolicy picks the same jobs from the env and from the graph observation alone', () => {
    const env = new JobShopEnv({ instance: 'random', jobs: 10, machines: 6, scheme: 'non-delay', observation: 'graph' });
    const withEnv = new GnnPolicy(SHIPPED_DISPATCHER, env);
    const obsOnly = new GnnPolicy(SHIPPED_DISPATCHER);
    let [obs] = env.reset({ seed: 2 }) as [JobShopGraphObs, unknown];
    let done = false;
    while (!done) {
      const a = withEnv.act(obs);
      expect(obsOnly.act(obs)).toBe(a);
      const r = env.step(a);
      obs = r[0] as JobShopGraphObs;
      done = r[2];
    }
    expect(() => obsOnly.act({ actionMask: new Int8Array(3), features: new Float32Array(18) })).toThrow(InvalidObservation);
  });

  it('under append the dispatcher still builds the non-delay schedule', () => {
    const a = new JobShopEnv({ instance: 'ta02', scheme: 'append' });
    const b = new JobShopEnv({ instance: 'ta02', scheme: 'non-delay' });
    const run = (env: JobShopEnv): number => {
      const p = new GnnPolicy(SHIPPED_DISPATCHER, env);
      let [obs] = env.reset({ seed: 0 });
      for (;;) {
        const r = env.step(p.act(obs));
        obs = r[0];
        if (r[2]) return r[4].makespan as number;
      }
    };
    expect(run(a)).toBe(run(b));
  });

  it('parseDispatchNet refuses wrong formats, features and layer sizes', () => {
    const good = JSON.parse(JSON.stringify(SHIPPED_DISPATCHER)) as SerializedDispatchNet;
    expect(parseDispatchNet(good).hidden).toBe(SHIPPED_DISPATCHER.hidden);
    expect(() => parseDispatchNet({ ...good, format: 'tsgym-mlp' })).toThrow(InvalidFile);
    expect(() => parseDispatchNet({ ...good, features: ['time'] })).toThrow(/features/);
    expect(() => parseDispatchNet({ ...good, head2: { ...good.head2, bias: [1] } })).toThrow(/head2/);
  });

  it('the shipped dispatcher decodes to a valid float32 network that beats FDD/MWKR on ta01-ta10', () => {
    const net = parseDispatchNet(JSON.parse(JSON.stringify(SHIPPED_DISPATCHER)));
    for (const l of [net.encoder, ...net.rounds, net.head1, net.head2, net.out])
      expect(Array.from(new Float32Array(l.weights))).toEqual(l.weights);
    expect(net.training?.algorithm).toMatch(/PPO/);
    let gnn = 0;
    let rule = 0;
    for (let i = 1; i <= 10; i++) {
      const name = `ta${String(i).padStart(2, '0')}`;
      for (const [p, add] of [
        [
          'gnn',
          (v: number) => {
            gnn += v;
          },
        ],
        [
          'fdd-mwkr',
          (v: number) => {
            rule += v;
          },
        ],
      ] as const) {
        const env = new JobShopEnv({ instance: name, scheme: 'non-delay' });
        const policy = p === 'gnn' ? new GnnPolicy(SHIPPED_DISPATCHER, env) : makePolicy(p, 'JobShop-v0', env);
        let [obs, info] = env.reset({ seed: 0 });
        for (;;) {
          const r = env.step(policy.act(obs, info) as number);
          [obs, , , , info] = r;
          if (r[2]) break;
        }
        add(info.makespan as number);
      }
    }
    expect(gnn).toBeLessThan(rule);
  });

  it('trainDispatcher: cloning then PPO iterations give a valid network and a finite validation ratio', async () => {
    const logs: string[] = [];
    const r = await trainDispatcher(
      tf,
      {
        sizes: ['6x5'],
        hidden: 8,
        headHidden: 8,
        bcInstances: 4,
        bcEpochs: 2,
        maxIterations: 3,
        instancesPerIteration: 2,
        rolloutsPerInstance: 3,
        minibatch: 32,
        validationInstances: 4,
        validateEvery: 1,
      },
      { onLog: (e) => logs.push(e.phase) },
    );
    expect(logs.filter((p) => p === 'bc')).toHaveLength(2);
    expect(r.iterations).toBe(3);
    expect(Number.isFinite(r.validation)).toBe(true);
    expect(parseDispatchNet(JSON.parse(JSON.stringify(r.network))).hidden).toBe(8);
  });
});
