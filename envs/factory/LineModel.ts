import { parseConfig } from '../../src/core/parseConfig.js';
import type { CompiledDist } from './distribution.js';
import { scenarioSchema, type Scenario } from './scenarioSchema.js';
import {
  compileMachines, compileMix, compileProcessing, compileRelease, compileReliability, compileRoutes, compileSetups, indexNames, invalid, remainingWork,
} from './compileLine.js';

export { RELEASE_POISSON, RELEASE_ORDERS, RELEASE_CONWIP, CONTROL_IMMEDIATE, CONTROL_CONWIP, CONTROL_AGENT } from './compileLine.js';

/**
 * A validated scenario compiled to flat typed arrays: what the simulator reads in its hot loop. The
 * constructor runs the named passes of `compileLine.ts` (names, machines, routes, processing, setups,
 * remaining work, mix, reliability, release). Build it with `LineModel.fromConfig(json)`; bad input throws `InvalidConfig` naming the field.
 *
 * @example
 * ```ts
 * const model = LineModel.fromConfig({ horizon: 1000, stages: [{ name: 'S1', processing: { kind: 'exponential', mean: 1 } }],
 *   release: { kind: 'poisson', rate: 0.8 } });
 * model.nMachines; // 1
 * ```
 */
export class LineModel {
  readonly scenario: Scenario;
  readonly nStages: number;
  readonly nProducts: number;
  readonly nMachines: number;
  readonly stageNames: readonly string[];
  readonly productNames: readonly string[];
  readonly machineNames: readonly string[];
  /** Machines of stage s are `stageMachStart[s] .. stageMachStart[s+1]-1`. */
  readonly stageMachStart: Int32Array;
  readonly machStage: Int32Array;
  /** Input-buffer capacity per stage (Infinity for none). */
  readonly bufCap: Float64Array;
  /** Processing distribution per (stage * nProducts + product). */
  readonly procCode: Int32Array;
  readonly procA: Float64Array;
  readonly procB: Float64Array;
  readonly procC: Float64Array;
  readonly procMean: Float64Array;
  /** Setup seconds per ((stage * nProducts + from) * nProducts + to). */
  readonly setup: Float64Array;
  readonly hasSetup: Uint8Array;
  /** Route of product p: `route[p * nStages + k]` for k < routeLen[p]. */
  readonly routeLen: Int32Array;
  readonly route: Int32Array;
  /** Nominal remaining work of product p from route step k: `remWork[p * (nStages + 1) + k]`. */
  readonly remWork: Float64Array;
  /** Cumulative product-mix probabilities. */
  readonly mixCdf: Float64Array;
  readonly dueFactor: Float64Array;
  /** Failures per stage (null: none). */
  readonly failTbf: (CompiledDist | null)[];
  readonly failRepair: (CompiledDist | null)[];
  readonly pmInterval: Float64Array;
  readonly pmDuration: Float64Array;
  readonly releaseKind: number;
  readonly control: number;
  readonly rate: number;
  readonly wipCap: number;
  readonly reviewInterval: number;
  /** Orders sorted by time. */
  readonly orderTime: Float64Array;
  readonly orderProduct: Int32Array;
  readonly orderQty: Int32Array;
  readonly orderDue: Float64Array;
  readonly horizon: number;
  readonly warmup: number;

  constructor(sc: Scenario) {
    this.scenario = sc;
    this.nStages = sc.stages.length;
    this.nProducts = sc.products.length;
    this.horizon = sc.horizon;
    this.warmup = sc.warmup;
    if (sc.warmup >= sc.horizon) invalid('warmup', `must be below horizon=${sc.horizon}, got ${sc.warmup}`);
    const names = indexNames(sc);
    this.stageNames = names.stageNames;
    this.productNames = names.productNames;
    ({ stageMachStart: this.stageMachStart, machStage: this.machStage, machineNames: this.machineNames } = compileMachines(sc));
    this.nMachines = this.machStage.length;
    this.bufCap = Float64Array.from(sc.stages, (s) => (s.buffer === 'infinite' ? Infinity : s.buffer));
    const routes = compileRoutes(sc, names);
    ({ route: this.route, routeLen: this.routeLen } = routes);
    ({
      procCode: this.procCode,
      procA: this.procA,
      procB: this.procB,
      procC: this.procC,
      procMean: this.procMean,
    } = compileProcessing(sc, names, routes.routed));
    ({ setup: this.setup, hasSetup: this.hasSetup } = compileSetups(sc));
    this.remWork = remainingWork(this.nStages, this.nProducts, this.route, this.routeLen, this.procMean);
    ({ mixCdf: this.mixCdf, dueFactor: this.dueFactor } = compileMix(sc));
    ({ failTbf: this.failTbf, failRepair: this.failRepair, pmInterval: this.pmInterval, pmDuration: this.pmDuration } = compileReliability(sc));
    const rel = compileRelease(sc, names);
    ({ releaseKind: this.releaseKind, control: this.control, rate: this.rate, wipCap: this.wipCap, reviewInterval: this.reviewInterval } = rel);
    ({ orderTime: this.orderTime, orderProduct: this.orderProduct, orderQty: this.orderQty, orderDue: this.orderDue } = rel);
  }

  /**
   * Validates a scenario JSON value (zod + cross-field checks) and compiles it.
   *
   * @example
   * ```ts
   * const model = LineModel.fromConfig(JSON.parse(fs.readFileSync('line.json', 'utf8')));
   * ```
   */
  static fromConfig(config: unknown): LineModel {
    return new LineModel(parseConfig(scenarioSchema, config, 'factory scenario'));
  }

  /** Sum of nominal processing over product p's route. */
  nominalWork(p: number): number {
    return this.remWork[p * (this.nStages + 1)];
  }
}
