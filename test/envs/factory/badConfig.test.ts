import { describe, expect, it } from 'vitest';
import { InvalidConfig } from '../../../src/core/errors.js';
import { FactoryLineEnv } from '../../../envs/factory/FactoryLineEnv.js';
import { LineModel } from '../../../envs/factory/LineModel.js';

const base = (): Record<string, unknown> => ({
  horizon: 1000,
  stages: [
    { name: 'A', processing: { kind: 'exponential', mean: 1 } },
    { name: 'B', buffer: 2, processing: 1 },
  ],
  release: { kind: 'poisson', rate: 0.5 },
});

function refused(mutate: (c: Record<string, any>) => void, field: string): void {
  const c = base() as Record<string, any>;
  mutate(c);
  expect(() => LineModel.fromConfig(c)).toThrow(InvalidConfig);
  expect(() => LineModel.fromConfig(c)).toThrow(field);
}

describe('infeasible scenarios are refused before simulation, naming the field', () => {
  it('the base scenario is accepted', () => {
    expect(LineModel.fromConfig(base()).nMachines).toBe(2);
  });
  it('negative or zero arrival rate', () => {
    refused((c) => (c.release.rate = -0.5), 'release.rate');
    refused((c) => (c.release.rate = 0), 'release.rate');
  });
  it('a routing to a missing stage', () => {
    refused((c) => (c.products = [{ name: 'P', routing: ['A', 'Z'] }]), "products[0].routing[1]: no stage named 'Z'");
  });
  it('a routing against line order', () => {
    refused((c) => (c.products = [{ name: 'P', routing: ['B', 'A'] }]), 'products[0].routing[1]');
  });
  it('a zero-capacity line: no machines, or a CONWIP cap of 0', () => {
    refused((c) => (c.stages[0].machines = 0), 'stages[0].machines');
    refused((c) => (c.release = { kind: 'conwip', wipCap: 0 }), 'release.wipCap');
    refused((c) => (c.release.control = 'conwip'), 'release.wipCap');
  });
  it('negative buffers, durations and bad distributions', () => {
    refused((c) => (c.stages[1].buffer = -1), 'stages[1].buffer');
    refused((c) => (c.stages[1].processing = -3), 'stages[1].processing');
    refused((c) => (c.stages[0].processing = { kind: 'uniform', low: 5, high: 2 }), 'stages[0].processing');
    refused((c) => (c.stages[0].processing = { kind: 'exponential', mean: 0 }), 'stages[0].processing');
    refused((c) => (c.stages[0].failures = { timeBetween: { kind: 'weibull', shape: -1, scale: 10 }, repair: 1 }), 'stages[0].failures.timeBetween');
  });
  it('a product without processing time at a stage it visits', () => {
    refused((c) => {
      c.products = [{ name: 'X' }, { name: 'Y' }];
      c.stages[0].processing = { X: 1 };
    }, 'stages[0].processing.Y');
  });
  it('a setup matrix of the wrong size, unknown keys, warm-up past the horizon, orders of unknown products', () => {
    refused((c) => (c.stages[0].setup = { matrix: [[0, 1]] }), 'stages[0].setup.matrix');
    refused((c) => (c.stages[0].speed = 2), "unknown key 'speed'");
    refused((c) => (c.warmup = 5000), 'warmup');
    refused((c) => (c.release = { kind: 'orders', orders: [{ time: 0, product: 'Q' }] }), 'release.orders[0].product');
    refused((c) => (c.release.control = 'agent'), 'release.reviewInterval');
    refused((c) => (c.horizon = 0), 'horizon');
  });
  it('FactoryLine-v0 refuses unknown kwargs, unknown scenarios and a malformed config', () => {
    expect(() => new FactoryLineEnv({ speed: 3 })).toThrow("unknown key 'speed'");
    expect(() => new FactoryLineEnv({ scenario: 'nope' })).toThrow('scenario');
    expect(() => new FactoryLineEnv({ config: '{not json' })).toThrow('config: not valid JSON');
    expect(() => new FactoryLineEnv({ config: JSON.stringify({ ...base(), release: { kind: 'poisson', rate: -1 } }) })).toThrow('release.rate');
    expect(() => new FactoryLineEnv({ k: 1, mode: 'pick' })).toThrow('k');
  });
});
