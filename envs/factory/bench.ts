import type { BenchFigure, BenchFn } from '../../src/bench/types.js';
import { cpuNow, median } from '../../src/bench/clock.js';
import { make } from '../../src/registry/registry.js';
import { Rng } from '../../src/rng/Rng.js';
import { FlowLineSim } from './FlowLineSim.js';
import { LineModel } from './LineModel.js';
import './registerFactory.js';

/** Runs `work` (returns a count) `rounds` times after one warm-up; median count per CPU second, and per wall second. */
function rate(work: () => number, rounds: number): { cpu: number; wall: number } {
  work();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const c0 = cpuNow?.() ?? 0;
    const n = work();
    const dt = Math.max(performance.now() - t0, 1e-3);
    const dc = cpuNow === undefined ? dt : Math.max(cpuNow() - c0, 1e-3);
    cpu.push((n / dc) * 1000);
    wall.push((n / dt) * 1000);
  }
  return { cpu: median(cpu), wall: median(wall) };
}

function lineRun(config: unknown): () => number {
  const sim = new FlowLineSim(LineModel.fromConfig(config));
  let seed = 0;
  return () => {
    sim.reset(new Rng(seed++));
    sim.advance();
    return sim.cumCompleted;
  };
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

/**
 * Factory benchmark, on one core: jobs per second through the simulator on an M/M/1 station (arrival 0.8,
 * service 1.0), a 5-station tandem line (each station exponential 1.0, infinite buffers) and a 5-station
 * line with buffers of 2 and blocking after service; and decisions per second through FactoryLine-v0
 * (`make`, standard wrappers; `two-product` scenario, rule FIFO). Medians of 3 rounds (quick: smaller runs),
 * counted per CPU second of the process (equal to wall time on an idle machine); the wall-clock rate is
 * in the scenario text. Anchors: SimPy 4.1 on the same models (ANCHORS.md).
 *
 * @example
 * ```ts
 * const figures = await bench({ quick: true });
 * ```
 */
export const bench: BenchFn = async ({ quick }) => {
  const jobs = quick ? 200_000 : 3_000_000;
  const rounds = 3;
  const exp1 = { kind: 'exponential', mean: 1 };
  const mm1 = rate(lineRun({ horizon: jobs / 0.8, stages: [{ name: 'S', processing: exp1 }], release: { kind: 'poisson', rate: 0.8 } }), rounds);
  const tandemJobs = jobs / 3;
  const five = (buffer: number | 'infinite'): unknown[] => [1, 2, 3, 4, 5].map((i) => ({ name: `S${i}`, buffer, processing: exp1 }));
  const tandem = rate(lineRun({ horizon: tandemJobs / 0.8, stages: five('infinite'), release: { kind: 'poisson', rate: 0.8 } }), rounds);
  const blocking = rate(lineRun({ horizon: tandemJobs / 0.5, stages: five(2), release: { kind: 'poisson', rate: 0.5 } }), rounds);

  const env = make('FactoryLine-v0', { scenario: 'two-product' });
  let seed = 0;
  const decisions = rate(() => {
    let n = 0;
    const target = quick ? 5_000 : 100_000;
    while (n < target) {
      env.reset({ seed: seed++ });
      for (;;) {
        n++;
        const r = env.step(0);
        if (r[2] || r[3]) break;
      }
    }
    return n;
  }, rounds);
  env.close();

  const figures: BenchFigure[] = [
    {
      key: 'mm1JobsPerSec',
      value: mm1.cpu,
      unit: 'jobs/s',
      scenario: `M/M/1 station (arrival 0.8, service 1.0), ${jobs.toLocaleString('en-US')} jobs per run, FlowLineSim, one core, per CPU s (wall ` +
        `${fmt(mm1.wall)}/s)`,
      anchor: { name: 'SimPy 4.1 M/M/1 (ANCHORS.md, 104,000-121,000)', value: 121_000, measured: false },
    },
    {
      key: 'tandemJobsPerSec',
      value: tandem.cpu,
      unit: 'jobs/s',
      scenario: `5-station tandem line, exponential service 1.0, arrival 0.8, infinite buffers, ${Math.round(tandemJobs).toLocaleString('en-US')} jobs per ` +
        `run, per CPU s (wall ${fmt(tandem.wall)}/s)`,
      anchor: { name: 'SimPy 4.1 5-station tandem (ANCHORS.md, 33,000-34,000)', value: 34_000, measured: false },
    },
    {
      key: 'blockingLineJobsPerSec',
      value: blocking.cpu,
      unit: 'jobs/s',
      scenario: `5-station line, exponential service 1.0, arrival 0.5, buffers of 2, blocking after service, per CPU s (wall ${fmt(blocking.wall)}/s)`,
      anchor: { name: 'SimPy 4.1 5-station line with buffers of 2 (ANCHORS.md)', value: 20_000, measured: false },
    },
    {
      key: 'decisionsPerSec',
      value: decisions.cpu,
      unit: 'decisions/s',
      scenario: `FactoryLine-v0 via make (standard wrappers), scenario two-product, rule mode, FIFO action, per CPU s (wall ${fmt(decisions.wall)}/s)`,
    },
  ];
  return figures;
};
