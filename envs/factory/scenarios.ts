import type { ScenarioInput } from './scenarioSchema.js';

/**
 * The built-in FactoryLine-v0 scenarios (one 8-hour shift each, times in seconds):
 * - `serial5`: a 5-stage serial line, two products, buffers of 4, Poisson orders;
 * - `parallel-breakdowns`: 4 stages with 1/3/2/1 parallel machines, exponential and Weibull breakdowns,
 *   preventive maintenance, released under CONWIP (cap 24);
 * - `two-product`: a 3-stage line making A and B with sequence-dependent setups and due dates.
 *
 * @example
 * ```ts
 * make('FactoryLine-v0', { scenario: 'two-product' });
 * ```
 */
export const BUILTIN_SCENARIOS = {
  serial5: {
    name: 'serial5',
    description: '5-stage serial line, two products, buffers of 4, Poisson arrivals at 85 % of the bottleneck',
    horizon: 28_800,
    products: [
      { name: 'A', weight: 2 },
      { name: 'B', weight: 1 },
    ],
    stages: [
      {
        name: 'saw',
        buffer: 'infinite',
        processing: { A: { kind: 'triangular', low: 30, mode: 40, high: 60 }, B: { kind: 'triangular', low: 40, mode: 55, high: 80 } },
      },
      { name: 'drill', buffer: 4, processing: { A: { kind: 'exponential', mean: 45 }, B: { kind: 'exponential', mean: 35 } } },
      { name: 'mill', buffer: 4, processing: { A: { kind: 'lognormal', mean: 50, std: 15 }, B: { kind: 'lognormal', mean: 60, std: 20 } } },
      { name: 'wash', buffer: 4, processing: { kind: 'uniform', low: 20, high: 40 } },
      { name: 'inspect', buffer: 4, processing: { kind: 'normal', mean: 35, std: 8 } },
    ],
    release: { kind: 'poisson', rate: 0.85 / 53.3 },
    dueDateFactor: 4,
  },
  'parallel-breakdowns': {
    name: 'parallel-breakdowns',
    description: '4 stages with 1/3/2/1 parallel machines, breakdowns (exponential and Weibull), preventive maintenance, CONWIP release',
    horizon: 28_800,
    products: [
      { name: 'P1', weight: 1, dueDateFactor: 4 },
      { name: 'P2', weight: 1, dueDateFactor: 6 },
    ],
    stages: [
      { name: 'load', processing: { kind: 'exponential', mean: 20 } },
      {
        name: 'cnc',
        machines: 3,
        buffer: 6,
        processing: { P1: { kind: 'lognormal', mean: 50, std: 15 }, P2: { kind: 'lognormal', mean: 80, std: 25 } },
        failures: { timeBetween: { kind: 'exponential', mean: 3600 }, repair: { kind: 'exponential', mean: 300 } },
      },
      {
        name: 'heat',
        machines: 2,
        buffer: 6,
        processing: { P1: { kind: 'triangular', low: 30, mode: 40, high: 55 }, P2: { kind: 'triangular', low: 25, mode: 30, high: 40 } },
        failures: { timeBetween: { kind: 'weibull', shape: 1.8, scale: 5400 }, repair: { kind: 'lognormal', mean: 600, std: 200 } },
        maintenance: { interval: 7200, duration: 900 },
      },
      { name: 'pack', buffer: 6, processing: { kind: 'uniform', low: 14, high: 22 } },
    ],
    release: { kind: 'poisson', rate: 1 / 30, control: 'conwip', wipCap: 24 },
  },
  'two-product': {
    name: 'two-product',
    description: '3-stage line making A and B with sequence-dependent setups at the press and due dates',
    horizon: 28_800,
    products: [
      { name: 'A', weight: 1, dueDateFactor: 3 },
      { name: 'B', weight: 1, dueDateFactor: 5 },
    ],
    stages: [
      { name: 'cut', processing: { A: { kind: 'exponential', mean: 30 }, B: { kind: 'exponential', mean: 40 } } },
      {
        name: 'press',
        buffer: 10,
        processing: { A: { kind: 'triangular', low: 30, mode: 40, high: 50 }, B: { kind: 'triangular', low: 20, mode: 30, high: 40 } },
        setup: {
          matrix: [
            [0, 60],
            [45, 0],
          ],
        },
      },
      { name: 'assemble', buffer: 5, processing: { A: 30, B: { kind: 'normal', mean: 35, std: 5 } } },
    ],
    release: { kind: 'poisson', rate: 1 / 55 },
  },
} satisfies Record<string, ScenarioInput>;

/** Names of the built-in scenarios. */
export type BuiltinScenario = keyof typeof BUILTIN_SCENARIOS;
