import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { DQN } from '../../agents/dqn.js';
import { ActorRows } from '../../agents/common/ActorRows.js';
import { apexEpsilon } from '../../agents/common/apexEpsilon.js';
import type { RolloutSegment, RolloutSource } from '../../agents/common/RolloutSource.js';
import { InvalidConfig, make, MlpPolicy, SegmentCollector, type RolloutPool, type SerializedMlp } from '../../src/index.js';
import { ReplayBuffer } from '../../agents/common/ReplayBuffer.js';
import { actorPriorities } from '../../src/rollout/actorPriorities.js';
import { runSegmentTask } from '../../src/rollout/runSegment.js';
import type { InstanceSegment, SegmentWork } from '../../src/rollout/segment.js';
import { cartpoleNetwork } from '../helpers/cartpoleNetwork.js';

const OBS = 4;

/** A segment of `T` CartPole-shaped rows for one instance: observations that depend on the instance and update, reward 1, no episode end. */
function syntheticSegment(instance: number, update: number, T: number): InstanceSegment {
  const obs = Float32Array.from({ length: T * OBS }, (_v, k) => Math.sin(instance * 7 + update * 3 + k) * 0.05);
  return {
    instance, columns: 1, obsDim: OBS, actDim: 1, obs, actions: Float32Array.from({ length: T }, (_v, t) => (t + instance) % 2),
    rewards: new Float64Array(T).fill(1), terms: new Uint8Array(T), truncs: new Uint8Array(T), valid: new Uint8Array(T).fill(1),
    lastObs: Float32Array.from({ length: OBS }, (_v, k) => Math.cos(instance + update + k) * 0.05),
  };
}

/** Stands in for a RolloutPool: records every segment job (its work and network) and answers with synthetic rows, a macrotask later. */
class RecordingPool {
  readonly jobs: { work: SegmentWork; network: string }[] = [];
  async runSegments(works: readonly SegmentWork[], network: SerializedMlp): Promise<InstanceSegment[][]> {
    for (const work of works) this.jobs.push({ work, network: JSON.stringify(network) });
    await new Promise((r) => setImmediate(r));
    return works.map((w) => w.instances.map((st) => syntheticSegment(st.instance, w.update, w.numSteps)));
  }
}

const cartpoles = (n: number): ReturnType<typeof make>[] => Array.from({ length: n }, () => make('CartPole-v1'));

/**
 * Trains DQN for `rounds` rounds of 4 steps x `numEnvs` actors on a recording pool; returns the jobs and the
 * learner's network at the start of each round (version r: after r training phases).
 */
async function pipelined(lag: number, rounds: number, numEnvs: number, extra: Record<string, unknown> = {}): Promise<{
  jobs: RecordingPool['jobs'];
  versions: string[];
}> {
  const trainFreq = 4;
  const agent = await DQN.create(cartpoles(numEnvs), {
    seed: 3, learningStarts: 0, trainFreq, gradientSteps: 1, batchSize: 8, netArch: [8], targetUpdateInterval: 8, actorLag: lag, ...extra,
  });
  const pool = new RecordingPool();
  const rollouts = new SegmentCollector(pool as unknown as RolloutPool, { envId: 'CartPole-v1', seed: 3, instances: numEnvs, groups: lag + 1 });
  const versions = [JSON.stringify(agent.exportPolicy())];
  const onStep = (): boolean => {
    // the last row of a round has been learned from: the network the next round starts with
    if (agent.numTimesteps % (trainFreq * numEnvs) === 0) versions.push(JSON.stringify(agent.exportPolicy()));
    return true;
  };
  await agent.learn({ totalTimesteps: rounds * trainFreq * numEnvs, rollouts, callbacks: [{ onStep }] });
  agent.dispose();
  return { jobs: pool.jobs, versions };
}

describe('Ape-X-style pipelined actors for DQN', { timeout: 120_000 }, () => {
  it('plays round r with the network of round r - lag (a fixed staleness), never beyond the run', async () => {
    for (const lag of [0, 1, 2]) {
      const rounds = 6;
      const { jobs, versions } = await pipelined(lag, rounds, 1);
      expect(versions).toHaveLength(rounds + 1);
      // the learner trains after every round: every version differs from the one before
      expect(new Set(versions).size).toBe(rounds + 1);
      expect(jobs.map((j) => j.work.update)).toEqual([0, 1, 2, 3, 4, 5]);
      for (const { work, network } of jobs) expect(network).toBe(versions[Math.max(0, work.update - lag)]);
      // round r is played by group r % (lag + 1): instance r % (lag + 1) with one actor per group
      expect(jobs.map((j) => j.work.instances[0]?.instance)).toEqual([0, 1, 2, 3, 4, 5].map((r) => r % (lag + 1)));
    }
  });

  it('gives actor i of N = 4 the Ape-X epsilon 0.4^(1 + 7 i / 3) in its jobs, the same in every round', async () => {
    // 2 envs x (actorLag 1 + 1) groups = 4 actors; hand-computed 0.4^1, 0.4^(10/3), 0.4^(17/3), 0.4^8
    const expected = [0.4, 0.04715560318259695, 0.005559127278786369, 0.00065536];
    for (let i = 0; i < 4; i++) expect(apexEpsilon(i, 4)).toBeCloseTo(expected[i] ?? NaN, 15);
    expect(apexEpsilon(0, 1)).toBe(0.4);
    expect(() => apexEpsilon(4, 4)).toThrow(RangeError);
    const { jobs } = await pipelined(1, 4, 2, { actorEpsilons: 'apex' });
    expect(jobs).toHaveLength(8);
    for (const { work } of jobs) {
      expect(work.epsilon).toBeUndefined();
      expect(work.instances).toHaveLength(1);
      const i = work.instances[0]?.instance ?? -1;
      // rounds alternate between actors 0-1 and actors 2-3
      expect(Math.floor(i / 2)).toBe(work.update % 2);
      expect(work.epsilons?.[0]).toBeCloseTo(expected[i] ?? NaN, 15);
    }
    expect(new Set(jobs.map((j) => j.work.instances[0]?.instance))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('refuses Ape-X epsilons for a learner that plays its env itself', async () => {
    const agent = await DQN.create(make('CartPole-v1'), { seed: 1, actorEpsilons: 'apex' });
    await expect(agent.learn({ totalTimesteps: 10 })).rejects.toThrow(/actorEpsilons 'apex' is for actors on rollout workers/);
    agent.dispose();
  });

  it('cuts n-step folds at the end of each segment when groups take turns, and counts episodes per actor', async () => {
    const seg = (k: number): RolloutSegment => ({ ...syntheticSegment(k, k, 3), numSteps: 3, numColumns: 1 });
    const source = (groups: number): RolloutSource => ({ groups, collect: async () => seg(groups) });
    const net = (): SerializedMlp => cartpoleNetwork();
    for (const groups of [1, 2]) {
      const rows = new ActorRows(source(groups), 1, OBS, 3, { lag: groups - 1, rounds: 2 });
      const got: number[][] = [];
      for (let t = 0; t < 6; t++) {
        const r = await rows.next(net, () => 0.1);
        got.push([r.round, r.column, Number(r.truncs[0]), Number(r.replayTruncs[0])]);
      }
      await rows.drain();
      const cut = groups > 1 ? 1 : 0;
      const col = groups > 1 ? 1 : 0; // round 1 is group 1's: its actor's slot
      expect(got).toEqual([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, cut], [1, col, 0, 0], [1, col, 0, 0], [1, col, 0, cut]]);
    }
    expect(() => new ActorRows(source(1), 1, OBS, 3, { lag: 1 })).toThrow(InvalidConfig);
  });

  it('refuses to collect a group whose previous update is still in flight', async () => {
    const col = new SegmentCollector(new RecordingPool() as unknown as RolloutPool, { envId: 'CartPole-v1', seed: 1, instances: 1, groups: 2 });
    const a = col.collect(cartpoleNetwork(), 4, { epsilon: 0.1 });
    const b = col.collect(cartpoleNetwork(), 4, { epsilon: 0.1 });
    await expect(col.collect(cartpoleNetwork(), 4, { epsilon: 0.1 })).rejects.toThrow(/update 2 needs group 0, whose update 0 is still being played/);
    await Promise.all([a, b]);
  });

  it('plays each instance of a segment job with its own epsilon: 0 is the greedy action at every step', async () => {
    const network = cartpoleNetwork();
    const instances = [0, 1].map((instance) => ({ instance, episode: 0, prefix: [], pendingReset: false }));
    const task = { envId: 'CartPole-v1', kwargs: {}, seed: 4, update: 0, instances, network, key: 'k', modules: [] };
    const r = await runSegmentTask({ ...task, numSteps: 60, epsilons: [0, 1] });
    if (!r.ok) throw new Error(r.error.message);
    const greedy = new MlpPolicy(network, { deterministic: true });
    const differs = [0, 0];
    r.segments.forEach((s, k) => {
      for (let t = 0; t < 60; t++) {
        if (!s.valid[t]) continue;
        if (s.actions[t] !== greedy.act(s.obs.slice(t * OBS, (t + 1) * OBS), {})) differs[k]++;
      }
    });
    expect(differs[0]).toBe(0);
    // epsilon 1: uniform actions, about half of them not the greedy one
    expect(differs[1]).toBeGreaterThan(10);
    const bad = await runSegmentTask({ ...task, numSteps: 5, epsilons: [0] });
    expect(bad.ok ? '' : bad.error.message).toMatch(/gives 1 epsilons for 2 instances/);
  });
});

describe("Ape-X actors' initial priorities", () => {
  it('are |Q(s, a) - n-step target| folded as the replay buffer folds, cut at episode and segment ends (hand-computed)', () => {
    // rows: t0 r=1, t1 r=2 ends the episode, t2 the reset row (final observation), t3 r=4; gamma 0.5, n = 2
    const seg = (term: number, trunc: number): Parameters<typeof actorPriorities>[0] => ({
      columns: 1, rewards: Float64Array.of(1, 2, 0, 4), terms: Uint8Array.of(0, term, 0, 0), truncs: Uint8Array.of(0, trunc, 0, 0),
      valid: Uint8Array.of(1, 1, 0, 1),
    });
    const q = { taken: Float64Array.of(10, 20, 0, 40), value: Float64Array.of(1, 2, 3, 4), last: Float64Array.of(5) };
    // terminated: t0 -> 1 + 0.5 * 2 = 2, no bootstrap: |10 - 2|; t1 -> |20 - 2|; t3 -> 4 + 0.5 * V(last) = 6.5: |40 - 6.5|
    expect(Array.from(actorPriorities(seg(1, 0), q, { gamma: 0.5, nStep: 2 }))).toEqual([8, 18, 0, 33.5]);
    // truncated: bootstraps from the final observation's value 3: t0 -> 2 + 0.25 * 3 = 2.75; t1 -> 2 + 0.5 * 3 = 3.5
    expect(Array.from(actorPriorities(seg(0, 1), q, { gamma: 0.5, nStep: 2 }))).toEqual([7.25, 16.5, 0, 33.5]);
  });

  it('come back with a segment played greedily: |Q(s_t, a_t) - r_t - gamma max Q(s_t+1)| under the acting network', async () => {
    const network = cartpoleNetwork();
    const instances = [{ instance: 0, episode: 0, prefix: [], pendingReset: false }];
    const r = await runSegmentTask({
      envId: 'CartPole-v1', kwargs: {}, seed: 2, update: 0, numSteps: 30, instances, epsilon: 0, priorities: { gamma: 0.9, nStep: 1 }, network,
      key: 'k', modules: [],
    });
    if (!r.ok) throw new Error(r.error.message);
    const s = r.segments[0];
    if (s?.priorities === undefined) throw new Error('no priorities');
    const q = new MlpPolicy(network, { deterministic: true });
    const obsAt = (t: number): Float32Array => (t < 30 ? s.obs.slice(t * OBS, (t + 1) * OBS) : s.lastObs);
    const maxQ = (o: Float32Array): number => Math.max(...q.forward(o));
    let checked = 0;
    for (let t = 0; t < 30; t++) {
      if (!s.valid[t]) continue;
      const target = s.rewards[t] + (s.terms[t] ? 0 : 0.9 * maxQ(obsAt(t + 1)));
      expect(s.priorities[t]).toBeCloseTo(Math.abs(q.forward(obsAt(t))[s.actions[t]] - target), 12);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('enter a prioritized replay buffer as (|p| + 1e-6)^alpha instead of the maximum priority', () => {
    const rb = new ReplayBuffer({ bufferSize: 4, numEnvs: 2, obsDim: 1, actDim: 1, batchSize: 2, alpha: 0.5 });
    const row = [Float32Array.of(0, 0), Float32Array.of(0, 1), Float64Array.of(1, 1), Float32Array.of(1, 1), Uint8Array.of(0, 0), Uint8Array.of(0, 0)] as const;
    rb.add(...row, Uint8Array.of(1, 1), Float64Array.of(4, 0.25));
    expect(rb.tree?.get(0)).toBeCloseTo(Math.sqrt(4 + 1e-6), 12);
    expect(rb.tree?.get(1)).toBeCloseTo(Math.sqrt(0.25 + 1e-6), 12);
    rb.add(...row, Uint8Array.of(1, 1));
    expect(rb.tree?.get(2)).toBeCloseTo(Math.sqrt(4 + 1e-6), 12); // no estimate: the maximum so far
  });
});
