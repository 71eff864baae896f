import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSumoConfig } from '../../../../envs/traffic/validate/runSumoConfig.js';
import { findSumo, requireSumo, SumoError } from '../../../../envs/traffic/validate/sumoProcess.js';

const NET = new URL('../../../fixtures/sumo/cross/cross.net.xml', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tsgym-sumo-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenario(name: string, routes: string, end: number, output = ''): string {
  copyFileSync(NET, join(dir, 'cross.net.xml'));
  writeFileSync(join(dir, `${name}.rou.xml`), routes);
  const cfg = join(dir, `${name}.sumocfg`);
  writeFileSync(
    cfg,
    `<configuration><input><net-file value="cross.net.xml"/><route-files value="${name}.rou.xml"/></input>` +
      `<time><begin value="0"/><end value="${end}"/></time>${output}</configuration>`,
  );
  return cfg;
}

describe('running SUMO on a configuration', () => {
  it("reports a SUMO error quoting SUMO's own message", () => {
    const cfg = scenario('bad', '<routes><vehicle id="v" depart="0"><route edges="WC nowhere"/></vehicle></routes>', 60);
    if (!findSumo()) {
      expect(() => requireSumo()).toThrow(/sumo was not found/);
      return;
    }
    const out = mkdtempSync(join(dir, 'out-'));
    expect(() => runSumoConfig(cfg, { sumo: requireSumo(), seed: 1, outDir: out })).toThrow(SumoError);
    expect(() => runSumoConfig(cfg, { sumo: requireSumo(), seed: 1, outDir: out })).toThrow(
      /sumo failed on .*bad\.sumocfg \(exit 1\): Error: The edge 'nowhere' within the route for vehicle 'v' is not known\. The route can not be build\.$/,
    );
  });

  it('accounts for every vehicle of a hand-made queue at insertion (inserted, waiting, depart delay, RESCO delay)', () => {
    // 30 vehicles scheduled at t = 0 on lane 0 of the 200 m arm WC, 10 s simulated: a vehicle can only be
    // inserted once the previous one has moved its length + minGap (7.5 m; ~2.4 s from rest at 2.6 m/s2),
    // so 3-5 get in, nobody reaches the end of its 400 m route, and the others wait the whole 10 s
    const veh = (i: number) => `<vehicle id="a${i}" depart="0" departLane="0"><route edges="WC CE"/></vehicle>`;
    const cfg = scenario('queue', `<routes>${Array.from({ length: 30 }, (_, i) => veh(i)).join('')}</routes>`, 10);
    if (!findSumo()) return void expect(() => requireSumo()).toThrow(/sumo was not found/);
    const out = mkdtempSync(join(dir, 'out-'));
    const r = runSumoConfig(cfg, { sumo: requireSumo(), seed: 1, outDir: out });
    expect(r.inserted).toBeGreaterThanOrEqual(3);
    expect(r.inserted).toBeLessThanOrEqual(5);
    expect(r.waiting).toBe(30 - r.inserted);
    expect([r.arrived, r.running]).toEqual([0, r.inserted]);
    // every inserted vehicle first waited its depart delay, then drove until t = 10
    expect(r.vehicleUpdates).toBeCloseTo(10 * r.inserted - r.inserted * r.meanDepartDelay, 6);
    // RESCO: the waiting ones count 10 s each; a driving one at most 10 s of depart delay + time loss
    expect(r.rescoDelay).toBeGreaterThanOrEqual((10 * r.waiting) / 30);
    expect(r.rescoDelay).toBeLessThanOrEqual((10 * r.waiting + 10 * r.inserted) / 30);
    expect(readdirSync(out).sort()).toEqual(['statistics-1.xml', 'tripinfo-1.xml']);
  });

  it("counts the same whether or not the configuration asks SUMO to write trips of vehicles never inserted", () => {
    const veh = (i: number) => `<vehicle id="a${i}" depart="0" departLane="0"><route edges="WC CE"/></vehicle>`;
    const routes = `<routes>${Array.from({ length: 30 }, (_, i) => veh(i)).join('')}</routes>`;
    const plain = scenario('plain', routes, 10);
    const undeparted = scenario('undeparted', routes, 10, '<output><tripinfo-output.write-undeparted value="true"/></output>');
    if (!findSumo()) return void expect(() => requireSumo()).toThrow(/sumo was not found/);
    const a = runSumoConfig(plain, { sumo: requireSumo(), seed: 1, outDir: mkdtempSync(join(dir, 'out-')) });
    const b = runSumoConfig(undeparted, { sumo: requireSumo(), seed: 1, outDir: mkdtempSync(join(dir, 'out-')) });
    // at most 5 of the 30 get in within 10 s, each after a wait of a few seconds at most
    expect(b.meanDepartDelay).toBeLessThan(10);
    expect([b.inserted, b.waiting, b.meanDepartDelay, b.rescoDelay]).toEqual([a.inserted, a.waiting, a.meanDepartDelay, a.rescoDelay]);
  });
});
