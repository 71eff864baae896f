import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSumo } from '../../../../envs/traffic/import/importSumo.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { sumoScaleQuota } from '../../../../envs/traffic/import/sumoScale.js';
import { networkKwargs } from '../../../../envs/traffic/network-env/networkKwargs.js';
import { make } from '../../../../src/registry/registry.js';
import '../../../../envs/traffic/index.js';
import type { TrafficNetworkEnv } from '../../../../envs/traffic/network-env/TrafficNetworkEnv.js';
import { engineFor, fixture, runUntil, TripLog } from '../sumo-features/tsgymRun.js';

/*
 * SUMO's demand scaling (`--scale`, `<scale value="X"/>`) on test/fixtures/sumo/scale (a 3x3 signal grid,
 * 100 randomTrips trips every 6 s and four flows; see its README). The figures are SUMO 1.15's, from
 *
 *   sumo -c test/fixtures/sumo/scale/trips.sumocfg --scale S --tripinfo-output ti.xml --duration-log.statistics
 *   sumo -c test/fixtures/sumo/scale/flows.sumocfg --scale S --tripinfo-output ti.xml --duration-log.statistics
 *
 * (ids and departs read from ti.xml; --scale on the command line overrides the configuration's).
 */
const TRIPS = fixture('scale/trips.sumocfg');
const FLOWS = fixture('scale/flows.sumocfg');

const dir = mkdtempSync(join(tmpdir(), 'tsgym-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const range = (n: number, f: (i: number) => number | string = (i) => i): string[] => Array.from({ length: n }, (_, i) => String(f(i)));

/** SUMO 1.15's inserted trips of trips.sumocfg by scale (tripinfo ids). */
const SUMO_TRIP_IDS: Record<string, string[]> = {
  // every second one, from the first
  '0.5': range(50, (i) => 2 * i),
  '0.3': '0 4 7 10 14 17 20 24 27 30 34 37 40 44 47 50 54 57 60 64 67 70 74 77 80 84 87 90 94 97'.split(' '),
  // every trip, and a copy ID.1 of the first and of every odd one: 151
  '1.5': range(100).flatMap((id) => (id === '0' || Number(id) % 2 === 1 ? [id, `${id}.1`] : [id])),
  '2': range(100).flatMap((id) => [id, `${id}.1`]),
};

/** SUMO 1.15's departures of each flow of flows.sumocfg by scale (counts; n7's departure times). */
const SUMO_FLOWS: Record<string, { we: number; n7: number; p7: number; ns: number; n7Departs: number[] }> = {
  '0.5': { we: 30, n7: 4, p7: 4, ns: 16, n7Departs: [0, 29, 58, 86] },
  '1.5': { we: 90, n7: 11, p7: 11, ns: 48, n7Departs: [0, 10, 20, 29, 39, 48, 58, 67, 77, 86, 96] },
  '2': { we: 120, n7: 14, p7: 14, ns: 63, n7Departs: [0, 8, 15, 22, 29, 36, 43, 50, 58, 65, 72, 79, 86, 93] },
};

describe("SUMO's --scale", () => {
  it("keeps, drops and copies loaded vehicles by SUMO 1.15's quota, naming copies ID.1", () => {
    for (const [s, ids] of Object.entries(SUMO_TRIP_IDS)) {
      const net = loadNetworkFile(TRIPS, { scale: Number(s) });
      const got = net.spec.demand.vehicles.map((v) => v.id ?? '');
      expect(got.sort(), `scale ${s}`).toEqual([...ids].sort());
      expect(net.scale).toBe(Number(s));
    }
    // copies depart with their original
    const v = loadNetworkFile(TRIPS, { scale: 2 }).spec.demand.vehicles;
    expect(v.find((x) => x.id === '7.1')?.depart).toBe(v.find((x) => x.id === '7')?.depart);
  });

  it('reads <scale value="X"/> and <scale-suffix> from the .sumocfg (no longer ignored options)', () => {
    const net = loadNetworkFile(TRIPS); // trips.sumocfg says 0.5
    expect(net.spec.demand.vehicles).toHaveLength(50);
    expect(net.warnings.some((w) => w.element.includes("'scale'"))).toBe(false);
    // sumo -c trips.sumocfg --scale 2 --scale-suffix _c: the copy of trip 0 is 0_c1
    const cfg = join(dir, 'suffix.sumocfg');
    const fix = fixture('scale/');
    writeFileSync(
      cfg,
      `<configuration><net-file value="${fix}scale.net.xml"/><route-files value="${fix}scale.trips.xml"/>` +
        '<scale value="2"/><scale-suffix value="_c"/></configuration>',
    );
    expect(loadNetworkFile(cfg).spec.demand.vehicles.slice(0, 2).map((v) => v.id)).toEqual(['0', '0_c1']);
  });

  it('the quota by hand: 0.5 keeps the 1st, 3rd, ...; 2.25 copies every vehicle twice and each fourth three times', () => {
    expect([1, 2, 3, 4, 5].map((n) => sumoScaleQuota(0.5, n))).toEqual([1, 0, 1, 0, 1]);
    expect(sumoScaleQuota(1, 7)).toBe(1);
    expect(sumoScaleQuota(0, 7)).toBe(0);
    // 2.25: loaded counts the copies; prior = trunc(loaded / 2.25); fraction 250/1000
    let built = 0;
    const quotas: number[] = [];
    for (let k = 0; k < 8; k++) {
      built++;
      const q = sumoScaleQuota(2.25, built);
      built += q - 1;
      quotas.push(q);
    }
    expect(quotas.reduce((a, b) => a + b, 0)).toBe(18);
  });

  it("runs flows at scale times their rate, SUMO 1.15's way (headway / scale in whole ms, number * scale)", () => {
    for (const [s, ref] of Object.entries(SUMO_FLOWS)) {
      const net = loadNetworkFile(FLOWS, { scale: Number(s) });
      const e = engineFor(net);
      e.reset(1);
      const log = new TripLog(e);
      runUntil(e, 700, log);
      const departs = (first: string): number[] =>
        [...log.trips.values()].filter((t) => t.route[0] === first).map((t) => t.depart).sort((a, b) => a - b);
      expect(
        { we: departs('A1B1').length, n7: departs('C1B1').length, p7: departs('B0B1').length, ns: departs('B2B1').length },
        `scale ${s}`,
      ).toEqual({ we: ref.we, n7: ref.n7, p7: ref.p7, ns: ref.ns });
      expect(departs('C1B1')).toEqual(ref.n7Departs);
    }
  });

  it('random arrivals with a count: the rate and the count both times the factor (SUMO 1.15: exp(0.1) number 20 gives 10 at 0.5, 40 at 2)', () => {
    const net = { text: readFileSync(fixture('scale/scale.net.xml'), 'utf8'), file: 'scale.net.xml' };
    const rou = '<routes><flow id="x" begin="0" period="exp(0.1)" number="20" from="C1B1" to="B1A1"/></routes>';
    for (const [scale, count] of [[0.5, 10], [2, 40]] as const) {
      const f = importSumo({ net, routes: [{ text: rou, file: 'x.rou.xml' }], scale }).spec.demand.flows[0];
      expect(f?.vehPerHour).toBeCloseTo(360 * scale, 9);
      // expected arrivals over the flow's window: rate x duration
      expect(((f?.vehPerHour ?? 0) * ((f?.end ?? 0) - (f?.begin ?? 0))) / 3600).toBeCloseTo(count, 9);
    }
  });

  it("the TrafficNetwork env's scale kwarg overrides the .sumocfg's, and reaches SUMO as --scale", () => {
    const { imported, backend } = networkKwargs({ network: TRIPS, scale: 2 }, 'TrafficNetwork-v0');
    expect(imported?.spec.demand.vehicles).toHaveLength(200);
    const sumo = networkKwargs({ network: TRIPS, scale: 1.5, backend: 'sumo' }, 'TrafficNetwork-v0').backend;
    expect(backend.kind).toBe('tsgym');
    expect(sumo.kind === 'sumo' ? sumo.extraArgs : []).toEqual(['--scale', '1.5']);
    // as `tsgym eval --env TrafficNetwork-v0 --set network=trips.sumocfg --set scale=2` makes it
    const env = make('TrafficNetwork-v0', { network: TRIPS, scale: 2 });
    expect((env.unwrapped as TrafficNetworkEnv).engine.net.demand.nVehicles).toBe(200);
    env.close();
    // a CityFlow network has no such option
    const cityflow = new URL('../../../fixtures/cityflow/jinan1x1', import.meta.url).pathname;
    expect(() => networkKwargs({ network: cityflow, scale: 2 }, 'TrafficNetwork-v0')).toThrow(/scale \(SUMO's --scale\) applies to SUMO scenarios, got a cityflow network/);
  });
});
