import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/rng/Rng.js';
import { FlowLineSim } from '../../../envs/factory/FlowLineSim.js';
import { LineModel } from '../../../envs/factory/LineModel.js';

function run(config: unknown, seed: number): FlowLineSim {
  const sim = new FlowLineSim(LineModel.fromConfig(config));
  sim.reset(new Rng(seed));
  sim.advance();
  return sim;
}

describe('flow line against queueing theory', () => {
  it('M/M/1 (arrival 0.8, service 1.0): mean time in system 1/(mu-lambda) = 5 within 2 %', () => {
    // 4 M customers: the batch-means standard error of the mean sojourn at rho = 0.8 is about 0.4 %,
    // so 2 % is a margin of about 5 standard errors.
    const customers = 4_000_000;
    const sim = run(
      {
        horizon: customers / 0.8,
        warmup: 2000,
        stages: [{ name: 'server', processing: { kind: 'exponential', mean: 1 } }],
        release: { kind: 'poisson', rate: 0.8 },
      },
      11,
    );
    const st = sim.stats;
    const W = st.sumCycle / st.completed;
    expect(st.completed).toBeGreaterThan(0.99 * customers);
    expect(Math.abs(W - 5) / 5).toBeLessThan(0.02);
    // sojourn time is exponential with rate mu - lambda = 0.2: its 95th percentile is ln(20)/0.2
    expect(Math.abs(st.percentile(0.95) - Math.log(20) / 0.2) / (Math.log(20) / 0.2)).toBeLessThan(0.03);
    // server utilisation = rho
    const T = sim.now - st.start;
    expect(Math.abs((sim.stateTime[1]) / T - 0.8)).toBeLessThan(0.01);
  });

  it('5-station tandem (Jackson network, infinite buffers): sojourn = sum 1/(mu_i - lambda) within 2 %', () => {
    const lambda = 0.5;
    const mus = [1, 0.8, 1.25, 0.9, 1];
    const expected = mus.reduce((a, mu) => a + 1 / (mu - lambda), 0); // 11.1667
    // 1 M customers: over 8 seeds the error was within 0.25 % (standard error about 0.13 %)
    const customers = 1_000_000;
    const sim = run(
      {
        horizon: customers / lambda,
        warmup: 2000,
        stages: mus.map((mu, i) => ({ name: `S${i + 1}`, processing: { kind: 'exponential', mean: 1 / mu } })),
        release: { kind: 'poisson', rate: lambda },
      },
      5,
    );
    const W = sim.stats.sumCycle / sim.stats.completed;
    expect(Math.abs(W - expected) / expected).toBeLessThan(0.02);
  });

  it("Little's law L = lambda W holds on a line with finite buffers, blocking, parallel machines and failures", () => {
    const sim = run(
      {
        horizon: 400_000,
        warmup: 5_000,
        stages: [
          { name: 'cut', processing: { kind: 'exponential', mean: 0.8 } },
          { name: 'mill', machines: 2, buffer: 3, processing: { kind: 'lognormal', mean: 1.6, std: 0.8 },
            failures: { timeBetween: { kind: 'weibull', shape: 1.5, scale: 200 }, repair: { kind: 'exponential', mean: 10 } } },
          { name: 'pack', buffer: 2, processing: { kind: 'uniform', low: 0.5, high: 1.1 } },
        ],
        release: { kind: 'poisson', rate: 0.9 },
      },
      3,
    );
    const st = sim.stats;
    const T = sim.now - st.start;
    const L = st.wipArea / T;
    const lambda = st.completed / T;
    const W = st.sumCycle / st.completed;
    expect(st.completed).toBeGreaterThan(300_000);
    expect(Math.abs(L - lambda * W) / L).toBeLessThan(0.01);
  });
});
