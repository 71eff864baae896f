import { describe, expect, it } from 'vitest';
import { fixture, loadFixture } from './tsgymRun.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';

/*
 * test/fixtures/sumo/randomroutes/randomroutes.sumocfg: a flow from one corner of the 4x4 grid to the opposite
 * one, with `weights.random-factor 1.5` (every routing query multiplies each road's travel time by a
 * factor drawn from [1, 1.5)). Many paths are equally short (3 blocks right, 3 up), so SUMO spreads the
 * drivers over them: 60 drivers on 10 or more distinct routes, the most used one 15 times (seed 23423).
 */
describe('routing/weights.random-factor', () => {
  it('gives a from/to flow a distribution of routes, each within the factor of the shortest', () => {
    const net = loadFixture('randomroutes/randomroutes.sumocfg');
    expect(net.warnings.some((w) => w.element.includes('weights.random-factor'))).toBe(false);
    const flow = net.spec.demand.flows.find((f) => f.id === 'diagonal');
    const distId = flow && 'routeDistribution' in flow ? flow.routeDistribution : undefined;
    const dist = net.spec.demand.routeDistributions.find((d) => d.id === distId);
    expect(dist?.routes.length).toBeGreaterThanOrEqual(5);
    const p = dist?.routes.map((r) => r.probability) ?? [];
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(Math.max(...p)).toBeLessThanOrEqual(0.5);
    // a route chosen under weights in [1, 1.5) takes at most 1.5 times the shortest free-flow time
    const time = new Map(net.spec.roads.map((r) => [r.id, r.lanes[0] ? (r.length ?? 0) / r.lanes[0].speed : 0] as const));
    const cost = (route: readonly string[]): number => route.slice(1).reduce((a, id) => a + (time.get(id) ?? NaN), 0);
    const costs = dist?.routes.map((r) => cost(r.route)) ?? [];
    expect(Math.max(...costs)).toBeLessThanOrEqual(1.5 * Math.min(...costs));
    for (const r of dist?.routes ?? []) expect([r.route[0], r.route.at(-1)]).toEqual(['left0A0', 'D3top3']);
  });

  it('routes by the plain shortest path without the option', () => {
    const net = loadNetworkFile(fixture('grid4/grid4.sumocfg'));
    expect(net.spec.demand.routeDistributions.some((d) => d.id.includes('weights.random-factor'))).toBe(false);
  });
});
