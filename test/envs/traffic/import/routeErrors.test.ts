import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidFile } from '../../../../src/core/errors.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { engineFor, fixture, runUntil, TripLog } from '../sumo-features/tsgymRun.js';

/*
 * SUMO's `ignore-route-errors` on test/fixtures/sumo/routeerrors (see its README): vehicles `gap` and
 * `usesBroken` (through route `broken`) and flow `gapFlow` have routes with two unconnected edges in a
 * row; `ok1`, `ok2`, `ok3` and flow `okFlow` are fine. SUMO 1.15's runs:
 *
 *   sumo -c strict.sumocfg       -> Error: Vehicle 'gapFlow.0' has no valid route. No connection between
 *                                   edge 'C1B1' and edge 'A0A1'. (stops)
 *   sumo -c ignore.sumocfg --duration-log.statistics
 *                                -> Inserted: 17 (the 9 fine ones and the 8 with a gap), Teleports: 6 (Wrong
 *                                   Lane: 6): each gap vehicle waits at the end of the edge before its gap
 *                                   until time-to-teleport (300 s) and then jumps it
 *   sumo -c unknownedge.sumocfg  -> Error: The edge 'nowhere' within the route for vehicle 'noEdge' is not
 *                                   known. (stops, even with ignore-route-errors)
 */
const SUMO_INSERTED_WITH_IGNORE = 17;
const SUMO_GAP_VEHICLES = 8; // gap, usesBroken, gapFlow.0 .. gapFlow.5

const dir = mkdtempSync(join(tmpdir(), 'tsgym-routeerrors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SUMO's ignore-route-errors", () => {
  it('without it, a route with a gap fails the import naming file, line and the two edges (SUMO stops with an error)', () => {
    expect(() => loadNetworkFile(fixture('routeerrors/strict.sumocfg'))).toThrow(InvalidFile);
    expect(() => loadNetworkFile(fixture('routeerrors/strict.sumocfg'))).toThrow(/routeerrors\.rou\.xml:\d+: .*no connection from edge '\w+' to edge '\w+'/);
  });

  it('with it, the vehicles and flows whose route has a gap are left out with a warning; the rest run', () => {
    const net = loadNetworkFile(fixture('routeerrors/ignore.sumocfg'));
    expect(net.spec.demand.vehicles.map((v) => v.id).sort()).toEqual(['ok1', 'ok2', 'ok3']);
    expect(net.spec.demand.flows.map((f) => f.id)).toEqual(['okFlow']);
    const gaps = net.warnings.filter((w) => w.element.includes('(ignore-route-errors)'));
    expect(gaps.map((w) => w.element).join('\n')).toMatch(/flow 'gapFlow'/);
    expect(gaps.map((w) => w.element).join('\n')).toMatch(/vehicle 'gap'/);
    expect(gaps.map((w) => w.element).join('\n')).toMatch(/route 'broken'/);
    expect(gaps.every((w) => /SUMO inserts such a vehicle/.test(w.message))).toBe(true);
    expect(net.warnings.some((w) => w.element.includes("'ignore-route-errors'"))).toBe(false);
    // tsgym inserts SUMO's vehicles less the ones with a gap: 17 - 8 = 9 (ok1-3 and okFlow's 6 in 0..60 s)
    const e = engineFor(net);
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 400, log);
    expect(log.trips.size).toBe(SUMO_INSERTED_WITH_IGNORE - SUMO_GAP_VEHICLES);
    expect(log.arrived()).toHaveLength(9);
  });

  it('an unknown edge is still an error with it, as in SUMO', () => {
    expect(() => loadNetworkFile(fixture('routeerrors/unknownedge.sumocfg'))).toThrow(/unknown edge 'nowhere'/);
  });

  it("reads SUMO's boolean spellings and refuses others naming the line", () => {
    const cfg = (v: string): string => {
      const f = join(dir, `c${v.replace(/\W/g, '')}.sumocfg`);
      const fix = fixture('routeerrors/');
      writeFileSync(
        f,
        `<configuration>\n<net-file value="${fix}routeerrors.net.xml"/><route-files value="${fix}routeerrors.rou.xml"/>\n` +
          `<ignore-route-errors value="${v}"/>\n</configuration>`,
      );
      return f;
    };
    expect(loadNetworkFile(cfg('yes')).spec.demand.vehicles).toHaveLength(3);
    expect(() => loadNetworkFile(cfg('off'))).toThrow(/no connection/);
    expect(() => loadNetworkFile(cfg('maybe'))).toThrow(/:3: <ignore-route-errors>: attribute 'value': expected true or false \(got "maybe"\)/);
  });
});
