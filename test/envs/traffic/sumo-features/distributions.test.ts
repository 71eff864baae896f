import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * vTypeDistribution and routeDistribution drawn per vehicle (test/fixtures/sumo/twolane,
 * distributions.sumocfg): 1,000 drivers of type `mix` (car 0.7, truck 0.3) on route `routes` (through
 * weight 3, left weight 1: 0.75 / 0.25). Counts must be within 4 binomial standard deviations.
 */

const CFG = 'twolane/distributions.sumocfg';
const N = 1000;

function within(count: number, p: number): void {
  expect(Math.abs(count - N * p)).toBeLessThan(4 * Math.sqrt(N * p * (1 - p)));
}

describe('type and route distributions', () => {
  const net = loadFixture(CFG);

  it('imports both distributions with their members and weights', () => {
    expect(net.spec.demand.typeDistributions).toEqual([
      {
        id: 'mix',
        types: [
          { type: 'car', probability: 0.7 },
          { type: 'truck', probability: 0.3 },
        ],
      },
    ]);
    expect(net.spec.demand.routeDistributions).toEqual([
      {
        id: 'routes',
        routes: [
          { route: ['WB', 'BE'], probability: 3 },
          { route: ['WB', 'BN'], probability: 1 },
        ],
      },
    ]);
    // the truck member gets SUMO's truck-class defaults
    expect(net.spec.vehicleTypes.find((t) => t.id === 'truck')).toMatchObject({ vClass: 'truck', length: 7.1, accel: 1.3 });
  });

  it('draws a type and a route for each driver by probability', () => {
    const e = engineFor(net);
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 1500, log);
    const trips = [...log.trips.values()];
    expect(trips.length).toBe(N);
    within(trips.filter((t) => t.type === 'truck').length, 0.3);
    within(trips.filter((t) => t.route.join() === 'WB,BN').length, 0.25);
    expect(new Set(trips.map((t) => t.type))).toEqual(new Set(['car', 'truck']));
    // type and route are drawn independently: trucks turn left as often as cars
    const leftShare = (type: string): number =>
      trips.filter((t) => t.type === type && t.route[1] === 'BN').length / trips.filter((t) => t.type === type).length;
    expect(Math.abs(leftShare('car') - leftShare('truck'))).toBeLessThan(0.1);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG)).trips;
      expect(ref.length).toBe(N);
      within(ref.filter((t) => t.vType === 'truck').length, 0.3);
      within(ref.filter((t) => t.arrivalLane.startsWith('BN_')).length, 0.25);
    }
  });
});
