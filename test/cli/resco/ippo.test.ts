import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainIppo } from '../../../src/cli/resco/ippo.js';
import { parseAlgos } from '../../../src/cli/resco/rescoArgs.js';
import { rescoRows } from '../../../src/cli/resco/rescoReport.js';
import { runResco } from '../../../src/cli/resco/runResco.js';
import type { ParallelEnv } from '../../../src/core/ParallelEnv.js';
import type { Policy } from '../../../src/policy/Policy.js';
import { runEpisode } from '../../../src/policy/runEpisode.js';
import { makeParallel } from '../../../src/registry/registry.js';
import { Rng } from '../../../src/rng/Rng.js';
import type { Discrete } from '../../../src/spaces/Discrete.js';
import '../../../envs/traffic/network-env/registerTrafficNetwork.js';
import { rescoKwargs } from '../../../envs/traffic/resco/rescoProtocol.js';
import { layCrossAsResco } from '../../envs/traffic/resco/crossAsResco.js';

type Env = ParallelEnv<string, Float32Array, number>;

const dir = mkdtempSync(join(tmpdir(), 'tsgym-resco-ippo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// our own one-signal cross fixture laid out as RESCO's grid4x4 folder (RESCO's files stay out of unit tests)
layCrossAsResco(dir);

/** Simulated seconds of each episode: 60 decisions of 10 s. */
const WINDOW = 600;
const env = (): Env => makeParallel('TrafficNetworkParallel-v0', rescoKwargs(dir, 'grid4x4', 'tsgym', WINDOW)) as Env;

/** Plays `policy` for one episode on `seed`; returns RESCO's delay, and every action that was not a phase of its signal. */
function play(policy: (e: Env) => Policy<Record<string, Float32Array>, Record<string, number>>, seed: number): { delay: number; bad: string[] } {
  const e = env();
  const bad: string[] = [];
  try {
    const pi = policy(e);
    const checked: Policy<Record<string, Float32Array>, Record<string, number>> = {
      name: pi.name,
      act(obs, info) {
        const acts = pi.act(obs, info);
        for (const a of Object.keys(obs)) {
          const x = acts[a];
          const n = (e.actionSpace(a) as Discrete).n;
          if (x === undefined || !Number.isInteger(x) || x < 0 || x >= n) bad.push(`${a}: ${String(x)} of ${n} phases`);
        }
        return acts;
      },
    };
    return { delay: runEpisode(e, checked, seed).metrics.rescoDelay ?? NaN, bad };
  } finally {
    e.close();
  }
}

/** Every signal picks a uniformly random phase at every decision. */
function randomPhases(seed: number): (e: Env) => Policy<Record<string, Float32Array>, Record<string, number>> {
  const rng = new Rng(seed);
  return (e) => ({
    name: 'random',
    act: (obs) => Object.fromEntries(Object.keys(obs).map((a) => [a, rng.integers(0, (e.actionSpace(a) as Discrete).n)])),
  });
}

describe('the ippo learner of tsgym benchmark resco', () => {
  it('is a controller of --algos, and a misspelt one is named in the error', () => {
    expect(parseAlgos('idqn,ippo')).toEqual(['idqn', 'ippo']);
    expect(() => parseAlgos('greedy,ipo')).toThrow(/^Invalid --algos 'greedy,ipo': unknown 'ipo'; expected a comma-separated list of .*\bippo\b/);
  });

  it('trains within its limits to a policy of valid phases that beats random phases on unseen seeds', async () => {
    const train = env();
    const check = env();
    const budget = 12;
    const learner = await trainIppo(train, { budgetSeconds: budget, maxEpisodes: 25, seed: 1001, episodeSteps: WINDOW / 10, checkEnv: check });
    train.close();
    check.close();
    try {
      // the curve: one point per training episode of 60 decisions, with a finite delay
      expect(learner.curve.length).toBe(learner.episodes);
      expect(learner.episodes).toBeGreaterThanOrEqual(4);
      expect(learner.episodes).toBeLessThanOrEqual(25);
      learner.curve.forEach((p, i) => {
        expect(p.steps).toBe(60 * (i + 1));
        expect(Number.isFinite(p.rescoDelay) && p.rescoDelay > 0).toBe(true);
      });
      expect(learner.wallSeconds).toBeLessThan(budget + 5);
      expect(learner.selectedEpisode).toBeGreaterThanOrEqual(2);
      const seeds = [1, 2, 3];
      const trained = seeds.map((s) => play(learner.policy, s));
      const random = seeds.map((s) => play(randomPhases(s), s));
      expect(trained.flatMap((r) => r.bad)).toEqual([]);
      const mean = (xs: { delay: number }[]): number => xs.reduce((a, r) => a + r.delay, 0) / xs.length;
      // a learned controller of a lone crossing clears its queues far better than switching at random (about half the delay)
      expect(mean(trained)).toBeLessThan(0.8 * mean(random));
    } finally {
      learner.dispose();
    }
  }, 60_000);

  it("is evaluated by runResco beside RESCO's published IPPO row", async () => {
    const res = await runResco({ dir, scenarios: ['grid4x4'], algos: ['ippo'], seeds: 1, backends: ['tsgym'], budgetSeconds: 3, maxEpisodes: 2, seconds: 300 });
    // 300 s at 10 s decisions: two episodes of 30 decisions of the one signal, plus at most the rest of
    // the rollout (30 decisions) under way when the second one ended
    const [t] = res.training;
    expect([t?.algo, t?.episodes]).toEqual(['ippo', 2]);
    // the network evaluated is the one of the greedy check after the second episode, which it replays on seed 2001
    expect(t?.selectedEpisode).toBe(2);
    expect(Number.isFinite(t?.checkDelay) && (t?.checkDelay ?? 0) > 0).toBe(true);
    expect(t?.envSteps).toBeGreaterThanOrEqual(60);
    expect(t?.envSteps).toBeLessThan(90);
    const [row] = rescoRows(res);
    // RESCO's IPPO on grid4x4: 44.00 s; its best published learner there is IDQN (32.95 s)
    expect([row?.algo, row?.published, row?.target?.name, row?.target?.delay]).toEqual(['ippo', 44, 'IDQN', 32.95]);
    expect(Number.isFinite(row?.tsgym?.mean) && (row?.tsgym?.mean ?? 0) > 0).toBe(true);
  }, 60_000);
});
