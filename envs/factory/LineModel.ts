import { InvalidConfig } from '../../src/core/errors.js';
import { parseConfig } from '../../src/core/parseConfig.js';
import { compileDist, type CompiledDist } from './distribution.js';
import { scenarioSchema, type Scenario } from './scenarioSchema.js';

/** Release kinds and controls in compiled form. */
export const RELEASE_POISSON = 0;
export const RELEASE_ORDERS = 1;
export const RELEASE_CONWIP = 2;
export const CONTROL_IMMEDIATE = 0;
export const CONTROL_CONWIP = 1;
export const CONTROL_AGENT = 2;

/**
 * A validated scenario compiled to flat typed arrays: what the simulator reads in its hot loop.
 * Build it with `LineModel.fromConfig(json)`; bad input throws `InvalidConfig` naming the field.
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
    const S = sc.stages.length;
    const P = sc.products.length;
    this.nStages = S;
    this.nProducts = P;
    this.horizon = sc.horizon;
    this.warmup = sc.warmup;
    const fail = (path: string, msg: string): never => {
      throw new InvalidConfig(`Invalid factory scenario: ${path}: ${msg}`);
    };
    if (sc.warmup >= sc.horizon) fail('warmup', `must be below horizon=${sc.horizon}, got ${sc.warmup}`);
    const stageIdx = new Map<string, number>();
    sc.stages.forEach((s, i) => {
      if (stageIdx.has(s.name)) fail(`stages[${i}].name`, `duplicate stage name '${s.name}'`);
      stageIdx.set(s.name, i);
    });
    const prodIdx = new Map<string, number>();
    sc.products.forEach((p, i) => {
      if (prodIdx.has(p.name)) fail(`products[${i}].name`, `duplicate product name '${p.name}'`);
      prodIdx.set(p.name, i);
    });
    this.stageNames = sc.stages.map((s) => s.name);
    this.productNames = sc.products.map((p) => p.name);

    this.stageMachStart = new Int32Array(S + 1);
    let M = 0;
    const machNames: string[] = [];
    sc.stages.forEach((s, i) => {
      this.stageMachStart[i] = M;
      for (let k = 0; k < s.machines; k++) machNames.push(s.machines === 1 ? s.name : `${s.name}.${k + 1}`);
      M += s.machines;
    });
    this.stageMachStart[S] = M;
    this.nMachines = M;
    this.machineNames = machNames;
    this.machStage = new Int32Array(M);
    for (let s = 0; s < S; s++) for (let m = this.stageMachStart[s]; m < (this.stageMachStart[s + 1]); m++) this.machStage[m] = s;

    this.bufCap = new Float64Array(S);
    sc.stages.forEach((s, i) => (this.bufCap[i] = s.buffer === 'infinite' ? Infinity : s.buffer));

    // routes
    this.routeLen = new Int32Array(P);
    this.route = new Int32Array(P * S);
    const routed: boolean[][] = sc.stages.map(() => new Array<boolean>(P).fill(false));
    sc.products.forEach((p, pi) => {
      const names = p.routing ?? this.stageNames;
      let prev = -1;
      names.forEach((n, k) => {
        const si = stageIdx.get(n);
        if (si === undefined) fail(`products[${pi}].routing[${k}]`, `no stage named '${n}' (stages: ${this.stageNames.join(', ')})`);
        const s = si as number;
        if (s <= prev) fail(`products[${pi}].routing[${k}]`, `a flow line visits stages in line order without repeats; '${n}' comes before '${names[k - 1] ?? ''}'`);
        prev = s;
        this.route[pi * S + k] = s;
        (routed[s])[pi] = true;
      });
      this.routeLen[pi] = names.length;
    });

    // processing
    this.procCode = new Int32Array(S * P);
    this.procA = new Float64Array(S * P);
    this.procB = new Float64Array(S * P);
    this.procC = new Float64Array(S * P);
    this.procMean = new Float64Array(S * P).fill(NaN);
    sc.stages.forEach((st, s) => {
      const proc = st.processing;
      const perProduct = typeof proc === 'object' && !('kind' in proc);
      if (perProduct) {
        for (const key of Object.keys(proc)) if (!prodIdx.has(key)) fail(`stages[${s}].processing.${key}`, `no product named '${key}' (products: ${this.productNames.join(', ')})`);
      }
      for (let p = 0; p < P; p++) {
        if (!(routed[s])[p]) continue;
        const spec = perProduct ? (proc as Record<string, unknown>)[this.productNames[p]] : proc;
        if (spec === undefined) fail(`stages[${s}].processing.${this.productNames[p] ?? ''}`, `product '${this.productNames[p] ?? ''}' is routed through stage '${st.name}' but has no processing time`);
        const d = compileDist(spec as Parameters<typeof compileDist>[0]);
        const i = s * P + p;
        this.procCode[i] = d.code;
        this.procA[i] = d.a;
        this.procB[i] = d.b;
        this.procC[i] = d.c;
        this.procMean[i] = d.mean;
      }
    });

    // setups
    this.setup = new Float64Array(S * P * P);
    this.hasSetup = new Uint8Array(S);
    sc.stages.forEach((st, s) => {
      if (!st.setup) return;
      const mx = st.setup.matrix;
      if (mx.length !== P) fail(`stages[${s}].setup.matrix`, `needs ${P} rows (one per product), got ${mx.length}`);
      mx.forEach((row, a) => {
        if (row.length !== P) fail(`stages[${s}].setup.matrix[${a}]`, `needs ${P} entries, got ${row.length}`);
        row.forEach((v, b) => {
          this.setup[(s * P + a) * P + b] = v;
          if (v > 0) this.hasSetup[s] = 1;
        });
      });
    });

    // nominal remaining work
    this.remWork = new Float64Array(P * (S + 1));
    for (let p = 0; p < P; p++) {
      const L = this.routeLen[p];
      let acc = 0;
      for (let k = L - 1; k >= 0; k--) {
        acc += this.procMean[(this.route[p * S + k]) * P + p];
        this.remWork[p * (S + 1) + k] = acc;
      }
    }

    // mix and due dates
    this.mixCdf = new Float64Array(P);
    const wsum = sc.products.reduce((a, p) => a + p.weight, 0);
    if (!(wsum > 0)) fail('products', 'at least one product needs weight > 0');
    let c = 0;
    sc.products.forEach((p, i) => {
      c += p.weight / wsum;
      this.mixCdf[i] = i === P - 1 ? 1 : c;
    });
    this.dueFactor = Float64Array.from(sc.products.map((p) => p.dueDateFactor ?? sc.dueDateFactor));

    // failures and maintenance
    this.failTbf = sc.stages.map((s) => (s.failures ? compileDist(s.failures.timeBetween) : null));
    this.failRepair = sc.stages.map((s) => (s.failures ? compileDist(s.failures.repair) : null));
    sc.stages.forEach((s, i) => {
      if (s.failures && !(compileDist(s.failures.timeBetween).mean > 0)) fail(`stages[${i}].failures.timeBetween`, 'mean time between failures must be > 0');
    });
    this.pmInterval = Float64Array.from(sc.stages.map((s) => s.maintenance?.interval ?? 0));
    this.pmDuration = Float64Array.from(sc.stages.map((s) => s.maintenance?.duration ?? 0));

    // release
    const r = sc.release;
    this.rate = r.kind === 'poisson' ? r.rate : 0;
    this.releaseKind = r.kind === 'poisson' ? RELEASE_POISSON : r.kind === 'orders' ? RELEASE_ORDERS : RELEASE_CONWIP;
    const ctl = r.kind === 'conwip' ? 'conwip' : r.control;
    this.control = ctl === 'immediate' ? CONTROL_IMMEDIATE : ctl === 'conwip' ? CONTROL_CONWIP : CONTROL_AGENT;
    this.wipCap = r.wipCap ?? 0;
    if (this.control === CONTROL_CONWIP && !(this.wipCap > 0)) fail('release.wipCap', `control 'conwip' needs a positive wipCap, got ${String(r.wipCap)}`);
    this.reviewInterval = r.kind === 'conwip' ? 0 : (r.reviewInterval ?? 0);
    if (this.control === CONTROL_AGENT && !(this.reviewInterval > 0)) fail('release.reviewInterval', "control 'agent' needs a positive reviewInterval (seconds between release reviews)");
    const orders = r.kind === 'orders' ? [...r.orders.map((o, i) => ({ ...o, i }))].sort((a, b) => a.time - b.time || a.i - b.i) : [];
    this.orderTime = Float64Array.from(orders.map((o) => o.time));
    this.orderQty = Int32Array.from(orders.map((o) => o.quantity));
    this.orderDue = Float64Array.from(orders.map((o) => o.dueDate ?? NaN));
    this.orderProduct = Int32Array.from(
      orders.map((o) => {
        const p = prodIdx.get(o.product);
        if (p === undefined) fail(`release.orders[${o.i}].product`, `no product named '${o.product}' (products: ${this.productNames.join(', ')})`);
        return p as number;
      }),
    );
    if (r.kind !== 'orders') {
      const released = sc.products.some((p) => p.weight > 0);
      if (!released) fail('products', 'no product has weight > 0');
    }
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
