import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { runSumo, SUMO_AVAILABLE } from '../sumo-features/sumoReference.js';

// The lanedrop fixture (a 2-lane road narrowing to 1 lane, 1,200 veh/h) with a DEFAULT_VEHTYPE carrying
// junction-model and lane-change parameters tsgym does not drive by.
const FIX = new URL('../../../fixtures/sumo/lanedrop/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tsgym-jmlc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = (name: string, attrs: string): string => {
  writeFileSync(
    join(dir, `${name}.rou.xml`),
    `<routes><vType id="DEFAULT_VEHTYPE" ${attrs}/><flow id="f" begin="0" end="1800" vehsPerHour="1200" departLane="random" departSpeed="max">` +
      '<route edges="WM ME"/></flow></routes>',
  );
  const cfg = join(dir, `${name}.sumocfg`);
  const input = `<input><net-file value="${FIX}lanedrop.net.xml"/><route-files value="${name}.rou.xml"/></input>`;
  writeFileSync(cfg, `<configuration>${input}<time><end value="1800"/></time></configuration>`);
  return cfg;
};

describe('vType junction-model and lane-change parameters tsgym does not model', () => {
  it('are named in warnings as such (they used to pass silently), the four LC2013 weights tsgym drives by are not', () => {
    const cfg = scenario('params', 'lcAssertive="5" jmDriveAfterRedTime="3" lcStrategic="2" lcKeepRight="0.5"');
    const w = loadNetworkFile(cfg).warnings.map((x) => `${x.element}: ${x.message}`);
    expect(w).toEqual([
      "vType attribute 'lcAssertive' (lane-change model): not modelled, ignored",
      "vType attribute 'jmDriveAfterRedTime' (junction model): not modelled, ignored",
    ]);
  });

  it.skipIf(!SUMO_AVAILABLE)('change what SUMO 1.15 does: lcAssertive 5 lengthens the lane drop trips (40.65 to 40.89 s)', () => {
    const mean = (cfg: string): number => {
      const t = runSumo(cfg).trips;
      return t.reduce((a, x) => a + x.duration, 0) / t.length;
    };
    expect(mean(scenario('assertive', 'lcAssertive="5"'))).toBeGreaterThan(mean(scenario('plain', '')) + 0.1);
  });
});
