/**
 * The compile passes of a factory scenario into `LineModel`'s flat arrays, one per concept, in the order
 * the constructor runs them. Each throws InvalidConfig naming the bad field.
 * @packageDocumentation
 */
import { InvalidConfig } from '../../src/core/errors.js';
import { compileDist, type CompiledDist } from './distribution.js';
import type { Scenario } from './scenarioSchema.js';

/** Release kinds and controls in compiled form. */
export const RELEASE_POISSON = 0;
export const RELEASE_ORDERS = 1;
export const RELEASE_CONWIP = 2;
export const CONTROL_IMMEDIATE = 0;
export const CONTROL_CONWIP = 1;
export const CONTROL_AGENT = 2;

/** Throws InvalidConfig for the scenario field at `path`. */
export function invalid(path: string, msg: string): never {
  throw new InvalidConfig(`Invalid factory scenario: ${path}: ${msg}`);
}

/** Stage and product names with their indices (duplicates refused). */
export interface LineNames {
  readonly stageNames: readonly string[];
  readonly productNames: readonly string[];
  readonly stageIdx: ReadonlyMap<string, number>;
  readonly prodIdx: ReadonlyMap<string, number>;
}

/** Pass 1: names. */
export function indexNames(sc: Scenario): LineNames {
  const stageIdx = new Map<string, number>();
  sc.stages.forEach((s, i) => {
    if (stageIdx.has(s.name)) invalid(`stages[${i}].name`, `duplicate stage name '${s.name}'`);
    stageIdx.set(s.name, i);
  });
  const prodIdx = new Map<string, number>();
  sc.products.forEach((p, i) => {
    if (prodIdx.has(p.name)) invalid(`products[${i}].name`, `duplicate product name '${p.name}'`);
    prodIdx.set(p.name, i);
  });
  return { stageNames: sc.stages.map((s) => s.name), productNames: sc.products.map((p) => p.name), stageIdx, prodIdx };
}

/** Pass 2: machines, numbered stage by stage (`S1.1`, `S1.2`, ... when a stage has several). */
export function compileMachines(sc: Scenario): { stageMachStart: Int32Array; machStage: Int32Array; machineNames: string[] } {
  const S = sc.stages.length;
  const stageMachStart = new Int32Array(S + 1);
  const machineNames: string[] = [];
  sc.stages.forEach((s, i) => {
    stageMachStart[i] = machineNames.length;
    for (let k = 0; k < s.machines; k++) machineNames.push(s.machines === 1 ? s.name : `${s.name}.${k + 1}`);
  });
  stageMachStart[S] = machineNames.length;
  const machStage = new Int32Array(machineNames.length);
  for (let s = 0; s < S; s++) for (let m = stageMachStart[s]; m < stageMachStart[s + 1]; m++) machStage[m] = s;
  return { stageMachStart, machStage, machineNames };
}

/** Pass 3: each product's route through the stages (in line order, no repeats), and which (stage, product) pairs are routed. */
export function compileRoutes(sc: Scenario, names: LineNames): { route: Int32Array; routeLen: Int32Array; routed: boolean[][] } {
  const S = sc.stages.length;
  const P = sc.products.length;
  const routeLen = new Int32Array(P);
  const route = new Int32Array(P * S);
  const routed: boolean[][] = sc.stages.map(() => new Array<boolean>(P).fill(false));
  sc.products.forEach((p, pi) => {
    const stages = p.routing ?? names.stageNames;
    let prev = -1;
    stages.forEach((n, k) => {
      const s = names.stageIdx.get(n);
      if (s === undefined) return invalid(`products[${pi}].routing[${k}]`, `no stage named '${n}' (stages: ${names.stageNames.join(', ')})`);
      if (s <= prev)
        invalid(`products[${pi}].routing[${k}]`, `a flow line visits stages in line order without repeats; '${n}' comes before '${stages[k - 1] ?? ''}'`);
      prev = s;
      route[pi * S + k] = s;
      routed[s][pi] = true;
    });
    routeLen[pi] = stages.length;
  });
  return { route, routeLen, routed };
}

/** Pass 4: the processing-time distribution of every routed (stage, product). */
export function compileProcessing(sc: Scenario, names: LineNames, routed: readonly (readonly boolean[])[]) {
  const S = sc.stages.length;
  const P = sc.products.length;
  const out = {
    procCode: new Int32Array(S * P), procA: new Float64Array(S * P), procB: new Float64Array(S * P), procC: new Float64Array(S * P),
    procMean: new Float64Array(S * P).fill(NaN),
  };
  sc.stages.forEach((st, s) => {
    const proc = st.processing;
    const perProduct = typeof proc === 'object' && !('kind' in proc);
    if (perProduct) {
      for (const key of Object.keys(proc)) {
        if (!names.prodIdx.has(key)) invalid(`stages[${s}].processing.${key}`, `no product named '${key}' (products: ${names.productNames.join(', ')})`);
      }
    }
    for (let p = 0; p < P; p++) {
      if (!routed[s][p]) continue;
      const product = names.productNames[p] ?? '';
      const spec = perProduct ? (proc as Record<string, unknown>)[product] : proc;
      if (spec === undefined)
        invalid(`stages[${s}].processing.${product}`, `product '${product}' is routed through stage '${st.name}' but has no processing time`);
      const d = compileDist(spec as Parameters<typeof compileDist>[0]);
      const i = s * P + p;
      out.procCode[i] = d.code;
      out.procA[i] = d.a;
      out.procB[i] = d.b;
      out.procC[i] = d.c;
      out.procMean[i] = d.mean;
    }
  });
  return out;
}

/** Pass 5: sequence-dependent setup times per stage (`setup[(s * P + from) * P + to]`). */
export function compileSetups(sc: Scenario): { setup: Float64Array; hasSetup: Uint8Array } {
  const S = sc.stages.length;
  const P = sc.products.length;
  const setup = new Float64Array(S * P * P);
  const hasSetup = new Uint8Array(S);
  sc.stages.forEach((st, s) => {
    if (!st.setup) return;
    const mx = st.setup.matrix;
    if (mx.length !== P) invalid(`stages[${s}].setup.matrix`, `needs ${P} rows (one per product), got ${mx.length}`);
    mx.forEach((row, a) => {
      if (row.length !== P) invalid(`stages[${s}].setup.matrix[${a}]`, `needs ${P} entries, got ${row.length}`);
      row.forEach((v, b) => {
        setup[(s * P + a) * P + b] = v;
        if (v > 0) hasSetup[s] = 1;
      });
    });
  });
  return { setup, hasSetup };
}

/** Pass 6: nominal remaining work of product p from route step k, `remWork[p * (S + 1) + k]`. */
export function remainingWork(S: number, P: number, route: Int32Array, routeLen: Int32Array, procMean: Float64Array): Float64Array {
  const remWork = new Float64Array(P * (S + 1));
  for (let p = 0; p < P; p++) {
    let acc = 0;
    for (let k = routeLen[p] - 1; k >= 0; k--) {
      acc += procMean[route[p * S + k] * P + p];
      remWork[p * (S + 1) + k] = acc;
    }
  }
  return remWork;
}

/** Pass 7: the product mix (cumulative probabilities) and due-date factors. */
export function compileMix(sc: Scenario): { mixCdf: Float64Array; dueFactor: Float64Array } {
  const P = sc.products.length;
  const mixCdf = new Float64Array(P);
  const wsum = sc.products.reduce((a, p) => a + p.weight, 0);
  if (!(wsum > 0)) invalid('products', 'at least one product needs weight > 0');
  let c = 0;
  sc.products.forEach((p, i) => {
    c += p.weight / wsum;
    mixCdf[i] = i === P - 1 ? 1 : c;
  });
  return { mixCdf, dueFactor: Float64Array.from(sc.products.map((p) => p.dueDateFactor ?? sc.dueDateFactor)) };
}

/** Pass 8: failures (time between, repair) and preventive maintenance per stage. */
export function compileReliability(sc: Scenario): {
  failTbf: (CompiledDist | null)[];
  failRepair: (CompiledDist | null)[];
  pmInterval: Float64Array;
  pmDuration: Float64Array;
} {
  const failTbf = sc.stages.map((s) => (s.failures ? compileDist(s.failures.timeBetween) : null));
  sc.stages.forEach((s, i) => {
    if (s.failures && !((failTbf[i]?.mean ?? 0) > 0)) invalid(`stages[${i}].failures.timeBetween`, 'mean time between failures must be > 0');
  });
  return {
    failTbf,
    failRepair: sc.stages.map((s) => (s.failures ? compileDist(s.failures.repair) : null)),
    pmInterval: Float64Array.from(sc.stages.map((s) => s.maintenance?.interval ?? 0)),
    pmDuration: Float64Array.from(sc.stages.map((s) => s.maintenance?.duration ?? 0)),
  };
}

/** Pass 9: the release process and its control, and the orders sorted by time. */
export function compileRelease(sc: Scenario, names: LineNames) {
  const r = sc.release;
  const ctl = r.kind === 'conwip' ? 'conwip' : r.control;
  const control = ctl === 'immediate' ? CONTROL_IMMEDIATE : ctl === 'conwip' ? CONTROL_CONWIP : CONTROL_AGENT;
  const wipCap = r.wipCap ?? 0;
  if (control === CONTROL_CONWIP && !(wipCap > 0)) invalid('release.wipCap', `control 'conwip' needs a positive wipCap, got ${String(r.wipCap)}`);
  const reviewInterval = r.kind === 'conwip' ? 0 : (r.reviewInterval ?? 0);
  if (control === CONTROL_AGENT && !(reviewInterval > 0))
    invalid('release.reviewInterval', "control 'agent' needs a positive reviewInterval (seconds between release reviews)");
  const orders = r.kind === 'orders' ? r.orders.map((o, i) => ({ ...o, i })).sort((a, b) => a.time - b.time || a.i - b.i) : [];
  const orderProduct = Int32Array.from(orders.map((o) => {
    const p = names.prodIdx.get(o.product);
    return p ?? invalid(`release.orders[${o.i}].product`, `no product named '${o.product}' (products: ${names.productNames.join(', ')})`);
  }));
  if (r.kind !== 'orders' && !sc.products.some((p) => p.weight > 0)) invalid('products', 'no product has weight > 0');
  return {
    releaseKind: r.kind === 'poisson' ? RELEASE_POISSON : r.kind === 'orders' ? RELEASE_ORDERS : RELEASE_CONWIP,
    control, rate: r.kind === 'poisson' ? r.rate : 0, wipCap, reviewInterval, orderProduct,
    orderTime: Float64Array.from(orders.map((o) => o.time)), orderQty: Int32Array.from(orders.map((o) => o.quantity)),
    orderDue: Float64Array.from(orders.map((o) => o.dueDate ?? NaN)),
  };
}
