import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSumo } from '../../../../envs/traffic/import/importSumo.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { writeFixtureScenario } from '../../../../envs/traffic/validate/fixtureScenarios.js';
import { runEngineScenario, scenarioEngine } from '../../../../envs/traffic/validate/runEngineScenario.js';
import { findSumo } from '../../../../envs/traffic/validate/sumoProcess.js';
import { validateConfig } from '../../../../envs/traffic/validate/validateConfig.js';
import { validationRouteFile, validationRoutes } from '../../../../envs/traffic/validate/sumoDemand.js';

const NET = new URL('../../../fixtures/sumo/cross/cross.net.xml', import.meta.url).pathname;
const net = { text: readFileSync(NET, 'utf8'), file: NET };

describe('validate:sumo building blocks', () => {
  it('builds the validation demand: from each of the 4 arms 70 % straight, 15 % left, 15 % right', () => {
    const routes = validationRoutes(importSumo({ net }).spec);
    expect(routes.length).toBe(4);
    const fromWest = routes.find((r) => r[0]?.edges[0] === 'WC');
    expect(fromWest?.map((r) => [r.edges.join(' '), r.share])).toEqual([['WC CE', 0.7], ['WC CN', 0.15], ['WC CS', 0.15]]);
    const rou = validationRouteFile(routes, 400, 3600);
    expect(rou).toContain('vehsPerHour="280.000"');
    expect(rou).toContain('speedDev="0"');
  });

  it('agrees with SUMO on the single intersection at 1,600 veh/h for 15 min (arrived 5 %, travel time 15 %)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tsgym-vs-'));
    try {
      const { config, demand } = writeFixtureScenario(tmp, 'cross', 'medium', 900);
      expect(demand).toBe(1600);
      if (!findSumo()) {
        // no SUMO here (CI installs it): only the tsgym side can be checked, against the schedule
        const imported = loadNetworkFile(config);
        const t = runEngineScenario(scenarioEngine(imported), { seed: 1, end: 900 });
        expect(t.inserted).toBe(400);
        expect(t.arrived).toBeGreaterThan(350);
        return;
      }
      const rep = validateConfig(config, { seeds: 1 });
      // 1,600 veh/h for 900 s, evenly spaced from t = 0: 400 insertions on each side
      expect(rep.runs.sumo[0]?.inserted).toBe(400);
      expect(rep.runs.tsgym[0]?.inserted).toBe(400);
      const row = (k: string) => rep.rows.find((r) => r.key === k);
      expect(Math.abs(row('arrived')?.relativeDiff ?? 1)).toBeLessThan(0.05);
      expect(Math.abs(row('meanTravelTime')?.relativeDiff ?? 1)).toBeLessThan(0.15);
      expect(rep.pass).toBe(true);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('runs a configuration without an end as SUMO does: until every vehicle has left', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tsgym-vs-'));
    try {
      const FIX = new URL('../../../fixtures/sumo/buslink/', import.meta.url).pathname;
      const config = join(tmp, 'noend.sumocfg');
      const input = `<input><net-file value="${FIX}buslink.net.xml"/><route-files value="${FIX}buslink.rou.xml"/></input>`;
      writeFileSync(config, `<configuration>${input}</configuration>`);
      // buslink.rou.xml by hand: 4 single vehicles, cars every 20 s in [10, 600) (30), buses every 60 s in [15, 600) (10)
      const all = 44;
      const check = (r: { inserted: number; arrived: number; running: number; waiting: number; endTime: number }): void => {
        expect([r.inserted, r.arrived, r.running, r.waiting]).toEqual([all, all, 0, 0]);
        // the last bus departs at 555 s and needs about 50 s on its 600 m
        expect(r.endTime).toBeGreaterThan(590);
        expect(r.endTime).toBeLessThan(700);
      };
      if (!findSumo()) {
        check(runEngineScenario(scenarioEngine(loadNetworkFile(config)), { seed: 1 }));
        return;
      }
      const rep = validateConfig(config, { seeds: 1 });
      expect(rep.end).toBeUndefined();
      for (const r of [...rep.runs.sumo, ...rep.runs.tsgym]) check(r);
      expect(Math.abs((rep.ends?.sumo[0] ?? 0) - (rep.ends?.tsgym[0] ?? 0))).toBeLessThan(10);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
