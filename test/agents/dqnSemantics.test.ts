import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../../agents/loadTf.js';
import { DQN, type DqnConfig } from '../../agents/dqn.js';
import type { Callback } from '../../agents/common/callbacks.js';
import { MatchEnv } from './tinyEnvs.js';

/**
 * DQN's update semantics pinned against hand-computed cases (SB3's `dqn.py` / CleanRL's `dqn.py` are the
 * reference): when the target network is copied with `trainFreq` and `gradientSteps`, when learning
 * starts, the epsilon schedule, and which transitions bootstrap.
 */
beforeAll(async () => {
  await loadTf({ backend: 'cpu', quiet: true });
});

const BASE: DqnConfig = { netArch: [4], batchSize: 4, bufferSize: 100, learningRate: 1e-2, seed: 5, gamma: 0.99 };

/** Output biases of a one-hidden-layer net with every weight and hidden bias zero: Q(s, .) = b for all s. */
function constantQ(agent: DQN, net: 'q' | 'qTarget', b: readonly number[]): void {
  const m = agent[net];
  const flat = new Float32Array(m.numParams);
  flat.set(b, m.numParams - b.length); // the last layer's bias is the tail of [W0, b0, W1, b1]
  m.setFlat(flat);
}

/** One gradient step on a buffer holding only `(s, a = 0, r, s')` with the given end flags; returns the change of Q(., a) and Q(., 1). */
async function stepOn(o: { term: boolean; trunc: boolean; r: number; online: number[]; target: number[]; doubleQ?: boolean }): Promise<number[]> {
  const agent = await DQN.create(new MatchEnv(), { ...BASE, doubleQ: o.doubleQ ?? false });
  constantQ(agent, 'q', o.online);
  constantQ(agent, 'qTarget', o.target);
  const s = Float32Array.of(1, 0);
  agent.replayBuffer().add(s, [0], [o.r], Float32Array.of(0, 1), [o.term ? 1 : 0], [o.trunc ? 1 : 0], [1]);
  const before = agent.qOf(s);
  agent.trainStep(0.4);
  const after = agent.qOf(s);
  agent.dispose();
  return [(after[0] ?? 0) - (before[0] ?? 0), (after[1] ?? 0) - (before[1] ?? 0)];
}

describe('DQN update semantics', () => {
  // Q(s, 0) = 5, Q_target(s', .) = 5, r = 1, gamma 0.99: bootstrapped target 1 + 0.99 * 5 = 5.95 > 5, so
  // Q(s, 0) rises; without bootstrap the target is 1 < 5, so it falls. Adam's first step moves the
  // output bias by lr * sign(gradient) (m / sqrt(v) = +-1 at t = 1); the untaken action does not move.
  it('a time-limit truncation bootstraps from Q_target(s\'), a termination does not (hand-computed signs)', async () => {
    const trunc = await stepOn({ term: false, trunc: true, r: 1, online: [5, 5], target: [5, 5] });
    expect(trunc[0]).toBeCloseTo(1e-2, 5);
    expect(trunc[1]).toBe(0);
    const term = await stepOn({ term: true, trunc: false, r: 1, online: [5, 5], target: [5, 5] });
    expect(term[0]).toBeCloseTo(-1e-2, 5);
    expect(term[1]).toBe(0);
    const neither = await stepOn({ term: false, trunc: false, r: 1, online: [5, 5], target: [5, 5] });
    expect(neither[0]).toBeCloseTo(1e-2, 5);
  });

  // online Q(s', .) = [3, 4] picks action 1; target Q(s', .) = [10, 2]. Plain DQN: 0 + 0.99 * max = 9.9 > Q(s, 0) = 3
  // (rises); Double DQN: 0.99 * Q_target(s', 1) = 1.98 < 3 (falls).
  it('Double DQN evaluates the online argmax with the target net; plain DQN takes the target max', async () => {
    const plain = await stepOn({ term: false, trunc: true, r: 0, online: [3, 4], target: [10, 2] });
    expect(plain[0]).toBeCloseTo(1e-2, 5);
    const double = await stepOn({ term: false, trunc: true, r: 0, online: [3, 4], target: [10, 2], doubleQ: true });
    expect(double[0]).toBeCloseTo(-1e-2, 5);
  });

  it('copies the target exactly at the env steps that are multiples of targetUpdateInterval after learningStarts, after that step\'s training', async () => {
    // learningStarts 5, trainFreq 4, gradientSteps 3, interval 6, 24 steps: training rounds at steps 8, 12, 16, 20, 24
    // (3 gradient steps each); target copies at steps 6, 12, 18, 24 (step 6 > 5 already counts).
    const agent = await DQN.create(new MatchEnv(), { ...BASE, learningStarts: 5, trainFreq: 4, gradientSteps: 3, targetUpdateInterval: 6 });
    const rows: { step: number; grads: number; q: Float32Array; target: Float32Array }[] = [];
    const spy: Callback = {
      onStep: (ctx) => { rows.push({ step: ctx.numTimesteps, grads: agent.numGradientSteps, q: agent.q.getFlat(), target: agent.qTarget.getFlat() }); },
    };
    const init = agent.qTarget.getFlat();
    await agent.learn({ totalTimesteps: 24, callbacks: [spy] });
    const gradsAt = Object.fromEntries(rows.map((r) => [r.step, r.grads]));
    expect([gradsAt[7], gradsAt[8], gradsAt[11], gradsAt[12], gradsAt[24]]).toEqual([0, 3, 3, 6, 15]);
    let target = init;
    for (const r of rows) {
      if ([6, 12, 18, 24].includes(r.step)) target = r.q; // a copy of the online net as this step's round left it
      expect(Array.from(r.target), `target at step ${r.step}`).toEqual(Array.from(target));
    }
    // the copy at step 12 came after that step's round: it differs from the online net of step 11
    const at = (s: number): Float32Array => rows.find((r) => r.step === s)?.q ?? new Float32Array(0);
    expect(Array.from(at(12))).not.toEqual(Array.from(at(11)));
    agent.dispose();
  });

  it('anneals epsilon linearly over explorationFraction of the run, by the steps done before each action (hand-computed)', async () => {
    // 1 -> 0.1 over 0.5 x 1000 steps; the train record at step 100 reports the epsilon of the action taken
    // at 99 steps done: 1 - 0.9 x 99 / 500 = 0.8218; at step 600 and later: 0.1.
    const agent = await DQN.create(new MatchEnv(), { ...BASE, learningStarts: 2000, explorationFraction: 0.5, explorationFinalEps: 0.1, logInterval: 100 });
    const eps = new Map<number, number>();
    await agent.learn({ totalTimesteps: 1000, callbacks: [{ onLog: (r) => { if (r.type === 'train') eps.set(r.step, Number(r.epsilon)); } }] });
    expect(eps.get(100)).toBeCloseTo(1 - (0.9 * 99) / 500, 10);
    expect(eps.get(500)).toBeCloseTo(1 - (0.9 * 499) / 500, 10);
    expect(eps.get(600)).toBeCloseTo(0.1, 10);
    expect(agent.numGradientSteps).toBe(0); // learningStarts beyond the run: no update at all
    agent.dispose();
  });

  it('stores a truncation as an episode end that is not a termination, and never samples the reset step', async () => {
    // MatchEnv(3) truncates after 3 steps; with next-step autoreset the 4th vector step is the reset step
    const agent = await DQN.create(new MatchEnv(3), { ...BASE, learningStarts: 100 });
    await agent.learn({ totalTimesteps: 8 });
    const rb = agent.replayBuffer();
    expect(Array.from(rb.ends.subarray(0, 8))).toEqual([0, 0, 1, 0, 0, 0, 1, 0]);
    expect(Array.from(rb.terms.subarray(0, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(rb.valid.subarray(0, 8))).toEqual([1, 1, 1, 0, 1, 1, 1, 0]);
    agent.dispose();
  });
});
