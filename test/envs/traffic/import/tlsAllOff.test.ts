import { describe, expect, it } from 'vitest';
import { networkKwargs } from '../../../../envs/traffic/network-env/networkKwargs.js';
import { fixture, loadFixture, runSeeds } from '../sumo-features/tsgymRun.js';

/*
 * SUMO's `tls.all-off` on test/fixtures/sumo/tlsoff (the 3x3 signal grid of ../scale with its 100 trips and
 * four flows; see its README): every signal shows its links' off states from the network (`o` blinking:
 * yield; `O` no signal: the junction's right of way). SUMO 1.15's runs, seeds 1-3:
 *
 *   sumo -c test/fixtures/sumo/tlsoff/off.sumocfg --seed S --duration-log.statistics
 *     -> Inserted 206 each; mean Duration 47.97, 47.04, 48.64 s
 *   sumo -c test/fixtures/sumo/tlsoff/on.sumocfg --seed S --duration-log.statistics  (the same, signals on)
 *     -> Inserted 206 each; mean Duration 68.47, 71.22, 69.94 s
 */
const SUMO_OFF_MEAN = (47.97 + 47.04 + 48.64) / 3;
const SUMO_ON_MEAN = (68.47 + 71.22 + 69.94) / 3;
const SUMO_ARRIVED = 3 * 206;

describe("SUMO's tls.all-off", () => {
  it("switches every signal off: one endless step with each link's off state from the network", () => {
    const net = loadFixture('tlsoff/off.sumocfg');
    expect(net.spec.signals).toHaveLength(9);
    for (const s of net.spec.signals) {
      expect(s.phases).toHaveLength(1);
      expect(s.program?.steps).toHaveLength(1);
      expect(s.program?.steps[0]?.state).toMatch(/^[oO]+$/);
    }
    // B1: A1B1 -> B1C1 (linkIndex 10) has state 'o' in the network, B0B1 -> B1B2 (linkIndex 7) 'O'
    const b1 = net.spec.signals.find((s) => s.node === 'B1')?.program?.steps[0]?.state ?? '';
    expect([b1[10], b1[7]]).toEqual(['o', 'O']);
    expect(net.warnings.some((w) => w.element.includes("'tls.all-off'"))).toBe(false);
    // the signal env still builds on it (each agent has one phase)
    expect(networkKwargs({ network: fixture('tlsoff/off.sumocfg') }, 'TrafficNetwork-v0').spec?.signals).toHaveLength(9);
  });

  it("trips take as long as in SUMO with the signals off (within 5%), and far less than with them on", () => {
    const off = runSeeds('tlsoff/off.sumocfg', [1, 2, 3], 1200);
    expect(off.arrived).toBe(SUMO_ARRIVED);
    expect(off.teleports).toEqual([0, 0, 0]);
    const mean = off.travelSum / off.arrived;
    expect(Math.abs(mean - SUMO_OFF_MEAN) / SUMO_OFF_MEAN).toBeLessThan(0.05);
    const on = runSeeds('tlsoff/on.sumocfg', [1, 2, 3], 1200);
    expect(Math.abs(on.travelSum / on.arrived - SUMO_ON_MEAN) / SUMO_ON_MEAN).toBeLessThan(0.05);
    expect(mean).toBeLessThan(0.8 * SUMO_ON_MEAN);
  });
});
