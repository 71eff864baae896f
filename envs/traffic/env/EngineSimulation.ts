import { TrafficEngine } from '../engine/TrafficEngine.js';
import type { EngineSnapshot } from '../engine/TrafficEngine.js';
import { HcmCollector } from '../hcm/HcmCollector.js';
import { hcmLayout } from '../hcm/hcmLayout.js';
import { growLaneVehicles, type LaneVehicles, type SimulationFactory, type TrafficSimulation } from './TrafficSimulation.js';

/**
 * tsgym's own engine behind the `TrafficSimulation` interface (backend `'tsgym'`): the engine itself,
 * plus per-lane vehicle walks, waiting times for recordings, imported programs for chosen signals and
 * the HCM measures of every signalized approach (`HcmCollector`, sampled every step; `hcmMetrics()`).
 *
 * @example
 * ```ts
 * const sim = new EngineSimulation(spec, { step: 1, signalMode: 'external' });
 * sim.runProgram(1); sim.reset(7);
 * ```
 */
export class EngineSimulation extends TrafficEngine implements TrafficSimulation {
  readonly backend = 'tsgym' as const;
  readonly snapshotUnsupported = undefined;
  // created on first use: the engine's constructor resets before this class's fields exist
  private hcmC: HcmCollector | undefined;

  private get hcm(): HcmCollector {
    this.hcmC ??= new HcmCollector(hcmLayout(this.net));
    return this.hcmC;
  }

  override reset(seed?: number): void {
    super.reset(seed);
    this.hcmC?.reset();
  }

  override step(): void {
    super.step();
    this.hcm.sample(this.time, this.dt, this.veh, this.connState);
  }

  /** The HCM measures per approach and junction so far (the envs add them to the final step's `info.metrics`). */
  hcmMetrics(): Record<string, number> {
    return this.hcm.metrics();
  }

  override snapshot(): EngineSnapshot & { readonly hcm: Float64Array[] } {
    return { ...super.snapshot(), hcm: this.hcm.getState() };
  }

  override restore(s: EngineSnapshot & { readonly hcm?: Float64Array[] }): void {
    super.restore(s);
    if (s.hcm) this.hcm.setState(s.hcm);
    else this.hcm.reset();
  }
  /** Signal `s` runs its imported fixed-time program (as written, with its offset, on the simulation clock) from the next reset on. */
  runProgram(s: number): void {
    this.signals.pin(s);
  }

  laneVehicles(lane: number, out: LaneVehicles): LaneVehicles {
    const vs = this.veh;
    const len = this.net.segLength[lane];
    let o = out;
    let k = 0;
    for (let v = this.segHead[lane]; v >= 0; v = vs.behind[v]) {
      if (k >= o.dist.length) o = growLaneVehicles(o, k + 1);
      o.dist[k] = len - (vs.pos[v]);
      o.speed[k] = vs.speed[v];
      o.conn[k] = vs.conn[v];
      k++;
    }
    o.count = k;
    return o;
  }

  vehicleWaitingTimes(out: Float64Array): Float64Array {
    // the order of vehicleView: the running list
    const vs = this.veh;
    const o = out.length >= vs.runCount ? out : new Float64Array(vs.runCount * 2);
    for (let r = 0; r < vs.runCount; r++) o[r] = vs.waiting[vs.run[r]];
    return o;
  }

  close(): void {
    // nothing held outside the JS heap
  }
}

/**
 * The default simulation factory of the traffic envs: tsgym's own engine (backend 'tsgym').
 *
 * @example
 * ```ts
 * new TrafficSignalEnv({}, engineSimulation);
 * ```
 */
export const engineSimulation: SimulationFactory = (spec, opts) => new EngineSimulation(spec, opts);
