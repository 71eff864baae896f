import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/rng/Rng.js';
import { FlowLineSim, SIM_DISPATCH, SIM_END, SIM_RELEASE } from '../../../envs/factory/FlowLineSim.js';
import { LineModel } from '../../../envs/factory/LineModel.js';
import { BUILTIN_SCENARIOS } from '../../../envs/factory/scenarios.js';

/** Every live job is in exactly one place (backlog, a buffer, a machine); returns what is wrong, or ''. */
function conservationError(sim: FlowLineSim): string {
  const md = sim.model;
  const seen = new Map<number, string>();
  let err = '';
  const put = (j: number, where: string): void => {
    if (seen.has(j)) err += `job slot ${j} in ${where} and ${seen.get(j) ?? ''}; `;
    if (sim.jobs.live[j] !== 1) err += `dead job slot ${j} in ${where}; `;
    seen.set(j, where);
  };
  for (let s = 0; s <= md.nStages; s++) {
    const b = sim.buffers[s];
    if (b === undefined) continue;
    for (let i = 0; i < b.length; i++) put(b.at(i), `buffer ${s}`);
    if (s < md.nStages && b.length > (md.bufCap[s])) err += `buffer ${s} over capacity; `;
  }
  for (let m = 0; m < md.nMachines; m++) if ((sim.machJob[m]) >= 0) put(sim.machJob[m], `machine ${m}`);
  const backlog = sim.queueLength(md.nStages);
  if (seen.size !== sim.jobs.count) err += `${seen.size} jobs placed, ${sim.jobs.count} live; `;
  if (sim.jobs.count !== sim.wip + backlog) err += `live ${sim.jobs.count} != wip ${sim.wip} + backlog ${backlog}; `;
  // no job created or lost: created = finished + in line + waiting to be released
  if (sim.jobs.created !== sim.cumCompleted + sim.wip + backlog) err += `created ${sim.jobs.created} != done ${sim.cumCompleted} + wip + backlog; `;
  return err ? `t=${sim.now}: ${err}` : '';
}

const hardLine = {
  horizon: 10_000,
  products: [
    { name: 'A', weight: 2 },
    { name: 'B', routing: ['s1', 's3', 's4'] },
  ],
  stages: [
    { name: 's1', machines: 2, processing: { kind: 'exponential', mean: 1.5 } },
    {
      name: 's2',
      buffer: 0,
      processing: { kind: 'normal', mean: 1.2, std: 0.6 },
      failures: { timeBetween: { kind: 'exponential', mean: 40 }, repair: { kind: 'exponential', mean: 4 } },
    },
    {
      name: 's3',
      machines: 2,
      buffer: 1,
      processing: { A: { kind: 'triangular', low: 0.5, mode: 1, high: 3 }, B: 2 },
      setup: {
        matrix: [
          [0, 2],
          [1, 0],
        ],
      },
      maintenance: { interval: 100, duration: 5 },
    },
    {
      name: 's4',
      buffer: 2,
      processing: { kind: 'uniform', low: 0.2, high: 1.2 },
      failures: { timeBetween: { kind: 'weibull', shape: 2, scale: 60 }, repair: 3 },
    },
  ],
  release: { kind: 'poisson', rate: 0.9, control: 'agent', reviewInterval: 10 },
};

describe('the simulation never loses or duplicates a job', () => {
  it('holds at every decision of a line with skips, zero buffers, setups, failures, maintenance and agent release', () => {
    const sim = new FlowLineSim(LineModel.fromConfig(hardLine));
    sim.agentDispatch = true;
    sim.reset(new Rng(9));
    const rng = new Rng(10);
    let decisions = 0;
    const errors: string[] = [];
    let code = sim.advance();
    while (code !== SIM_END) {
      if (decisions % 7 === 0 && errors.length < 5) {
        const e = conservationError(sim);
        if (e) errors.push(e);
      }
      if (code === SIM_DISPATCH) sim.dispatchIndex(rng.integers(0, sim.queueLength(sim.model.machStage[sim.decisionMachine])));
      else if (code === SIM_RELEASE) sim.release(sim.wip < 12 && rng.random() < 0.9);
      decisions++;
      code = sim.advance();
    }
    expect(errors).toEqual([]);
    expect(conservationError(sim)).toBe('');
    expect(decisions).toBeGreaterThan(10_000);
    expect(sim.cumCompleted).toBeGreaterThan(5_000);
  });

  it('holds at the end of each built-in scenario and of an order book', () => {
    for (const sc of Object.values(BUILTIN_SCENARIOS)) {
      const sim = new FlowLineSim(LineModel.fromConfig(sc));
      sim.reset(new Rng(2));
      expect(sim.advance()).toBe(SIM_END);
      expect(conservationError(sim)).toBe('');
      expect(sim.cumCompleted).toBeGreaterThan(100);
    }
    const orders = new FlowLineSim(
      LineModel.fromConfig({
        ...hardLine,
        release: {
          kind: 'orders',
          orders: [
            { time: 5, product: 'A', quantity: 300 },
            { time: 0, product: 'B', quantity: 200 },
          ],
        },
      }),
    );
    orders.reset(new Rng(1));
    orders.advance();
    expect(conservationError(orders)).toBe('');
    expect(orders.cumCompleted).toBe(500);
    expect(orders.wip).toBe(0);
  });
});

describe('independent random streams', () => {
  it('changing one stage\'s processing leaves arrivals and the other machines\' draws unchanged', () => {
    const cfg = (mean3: number): unknown => ({
      horizon: 20_000,
      stages: [
        { name: 's1', processing: { kind: 'exponential', mean: 0.5 } },
        { name: 's2', processing: { kind: 'exponential', mean: 0.6 } },
        { name: 's3', processing: { kind: 'exponential', mean: mean3 } },
      ],
      release: { kind: 'poisson', rate: 1 },
    });
    const a = new FlowLineSim(LineModel.fromConfig(cfg(0.7)));
    const b = new FlowLineSim(LineModel.fromConfig(cfg(0.4)));
    a.reset(new Rng(5));
    b.reset(new Rng(5));
    a.advance();
    b.advance();
    // with infinite buffers stages 1 and 2 never see stage 3: their busy time must be identical
    expect(b.stateTime[0 * 6 + 1]).toBe(a.stateTime[0 * 6 + 1]);
    expect(b.stateTime[1 * 6 + 1]).toBe(a.stateTime[1 * 6 + 1]);
    expect(b.machProcessed[1]).toBe(a.machProcessed[1]);
    expect(b.stateTime[2 * 6 + 1]).not.toBe(a.stateTime[2 * 6 + 1]);
  });
});

describe('snapshot and restore', () => {
  it('a restored simulator continues exactly as the original (same decisions, same counters, same end)', () => {
    const model = LineModel.fromConfig(hardLine);
    const drive = (sim: FlowLineSim, rng: Rng, maxDecisions: number): number => {
      let n = 0;
      let code = sim.advance();
      while (code !== SIM_END && n < maxDecisions) {
        if (code === SIM_DISPATCH) sim.dispatchIndex(rng.integers(0, sim.queueLength(sim.model.machStage[sim.decisionMachine])));
        else if (code === SIM_RELEASE) sim.release(sim.wip < 12);
        n++;
        code = sim.advance();
      }
      return n;
    };
    const a = new FlowLineSim(model);
    a.agentDispatch = true;
    a.reset(new Rng(31));
    drive(a, new Rng(1), 3000);
    const snap = structuredClone(a.snapshot());
    const b = new FlowLineSim(model);
    b.agentDispatch = true;
    b.reset(new Rng(999)); // different state, overwritten by restore
    b.restore(snap);
    const na = drive(a, new Rng(2), Infinity);
    const nb = drive(b, new Rng(2), Infinity);
    expect(nb).toBe(na);
    expect(b.now).toBe(a.now);
    expect(b.cumCompleted).toBe(a.cumCompleted);
    expect(b.cumCycle).toBe(a.cumCycle);
    expect(Array.from(b.stateTime)).toEqual(Array.from(a.stateTime));
    expect(b.stats.percentile(0.95)).toBe(a.stats.percentile(0.95));
  });
});
