import type { Env } from '../../../../src/core/Env.js';
import { InvalidObservation } from '../../../../src/core/errors.js';
import type { Policy } from '../../../../src/policy/Policy.js';
import { Rng } from '../../../../src/rng/Rng.js';
import { JobShopEnv, type JobShopGraphObs, type JobShopObs } from '../JobShopEnv.js';
import type { JobShopSim } from '../JobShopSim.js';
import { N_OP_FEATURES, writeOpFeatures } from '../opFeatures.js';
import { DispatchNet, type DispatchGraph } from './DispatchNet.js';
import type { SerializedDispatchNet } from './SerializedDispatchNet.js';

/** Options of {@link GnnPolicy}. */
export interface GnnPolicyOptions {
  /** Argmax of the scores (default true); false samples from their softmax with `rng`. */
  deterministic?: boolean;
  rng?: Rng;
}

/**
 * The jobs a dispatcher trained under `net.scheme` may pick in `sim`: the sim's own allowed jobs, except
 * that under `append` or `left-shift` (any job allowed) a non-delay network gets the non-delay set
 * (appended or left-shifted, those operations start at the same time: the schedule is non-delay).
 *
 * @example
 * ```ts
 * dispatcherCandidates(sim, 'non-delay', out);
 * ```
 */
export function dispatcherCandidates(sim: JobShopSim, scheme: SerializedDispatchNet['scheme'], out: Int8Array): number {
  if (scheme === 'non-delay' && (sim.scheme === 'append' || sim.scheme === 'left-shift')) return sim.nonDelaySet(out);
  out.set(sim.mask);
  let n = 0;
  for (const v of out) n += v;
  return n;
}

/**
 * The learned job-shop dispatcher as a Policy for JobShop-v0 (`--policy gnn` or a `train-dispatcher`
 * run directory). Given the env, it reads the schedule from the simulation (any observation mode);
 * without one it needs the graph observation (`observation: 'graph'`), e.g. when served. With one
 * allowed job it answers without running the network.
 *
 * @example
 * ```ts
 * const policy = new GnnPolicy(SHIPPED_DISPATCHER, env);
 * const action = policy.act(obs, info);
 * ```
 */
export class GnnPolicy implements Policy<JobShopObs | JobShopGraphObs, number> {
  readonly name = 'gnn';
  readonly net: DispatchNet;
  private readonly shop: JobShopEnv | null;
  private readonly deterministic: boolean;
  private rng: Rng;
  private x = new Float32Array(0);
  private cand = new Int8Array(0);
  private next = new Int32Array(0);
  private scores = new Float64Array(0);

  constructor(readonly network: SerializedDispatchNet, env?: Env<any, any>, opts: GnnPolicyOptions = {}) {
    this.net = new DispatchNet(network);
    const inner = env?.unwrapped;
    this.shop = inner instanceof JobShopEnv ? inner : null;
    this.deterministic = opts.deterministic ?? true;
    this.rng = opts.rng ?? new Rng(0);
  }

  reset(seed: number | undefined): void {
    if (!this.deterministic) this.rng = new Rng(seed ?? 0);
  }

  act(obs: JobShopObs | JobShopGraphObs): number {
    const g = this.shop !== null ? this.fromSim(this.shop.sim) : this.fromObs(obs);
    let count = 0;
    let only = -1;
    for (let j = 0; j < g.nJobs; j++) if (g.mask[j]) { count++; only = j; }
    if (count <= 1) return only;
    if (this.scores.length < g.nJobs) this.scores = new Float64Array(g.nJobs);
    this.net.scores(g, this.scores);
    return this.deterministic ? argmax(this.scores, g.nJobs) : sample(this.scores, g.nJobs, this.rng);
  }

  private grow(J: number, M: number): void {
    if (this.x.length < J * M * N_OP_FEATURES) this.x = new Float32Array(J * M * N_OP_FEATURES);
    if (this.cand.length !== J) this.cand = new Int8Array(J);
    if (this.next.length !== J) this.next = new Int32Array(J);
  }

  private fromSim(sim: JobShopSim): DispatchGraph {
    this.grow(sim.nJobs, sim.nMachines);
    dispatcherCandidates(sim, this.network.scheme, this.cand);
    writeOpFeatures(sim, this.x, this.cand);
    return { nJobs: sim.nJobs, nMachines: sim.nMachines, x: this.x, machine: sim.instance.machine, nextOp: sim.nextOp, mask: this.cand };
  }

  private fromObs(obs: JobShopObs | JobShopGraphObs): DispatchGraph {
    if (!('opFeatures' in obs)) {
      throw new InvalidObservation(
        `The gnn policy needs JobShop-v0's graph observation (observation: 'graph') when it runs without the env, got keys ${Object.keys(obs).join(', ')}`,
      );
    }
    const J = obs.actionMask.length;
    const N = obs.opMachine.length;
    const M = N / J;
    if (!Number.isInteger(M) || obs.opFeatures.length !== N * N_OP_FEATURES) {
      throw new InvalidObservation(
        `Graph observation sizes disagree: ${J} jobs, ${N} operations, ${obs.opFeatures.length} features (expected ${N_OP_FEATURES} per operation)`,
      );
    }
    this.grow(J, M);
    for (let j = 0; j < J; j++) {
      let k = 0;
      while (k < M && obs.opFeatures[(j * M + k) * N_OP_FEATURES] === 1) k++;
      this.next[j] = k;
    }
    return { nJobs: J, nMachines: M, x: obs.opFeatures, machine: obs.opMachine, nextOp: this.next, mask: obs.actionMask };
  }
}

function argmax(s: Float64Array, n: number): number {
  let best = -1;
  let bv = -Infinity;
  for (let j = 0; j < n; j++) if (s[j] > bv) { bv = s[j]; best = j; }
  return best;
}

function sample(s: Float64Array, n: number, rng: Rng): number {
  let mx = -Infinity;
  for (let j = 0; j < n; j++) if (s[j] > mx) mx = s[j];
  let z = 0;
  for (let j = 0; j < n; j++) z += s[j] === -Infinity ? 0 : Math.exp(s[j] - mx);
  let u = rng.random() * z;
  let last = -1;
  for (let j = 0; j < n; j++) {
    if (s[j] === -Infinity) continue;
    last = j;
    u -= Math.exp(s[j] - mx);
    if (u <= 0) return j;
  }
  return last;
}
