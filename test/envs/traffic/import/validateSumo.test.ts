import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSumo } from '../../../../envs/traffic/import/importSumo.js';
import { runEngine } from '../../../../envs/traffic/validate/runEngine.js';
import { runSumo, sumoBinary } from '../../../../envs/traffic/validate/runSumo.js';
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

  it('agrees with SUMO on the single intersection at 1,600 veh/h for 15 min (throughput 5 %, travel time 15 %)', () => {
    const routes = validationRoutes(importSumo({ net }).spec);
    const tmp = mkdtempSync(join(tmpdir(), 'tsgym-vs-'));
    try {
      const rou = join(tmp, 'demand.rou.xml');
      writeFileSync(rou, validationRouteFile(routes, 400, 900));
      const spec = importSumo({ net, routes: [{ text: readFileSync(rou, 'utf8'), file: rou }] }).spec;
      const t = runEngine(spec, { model: 'krauss', end: 900, seed: 1 });
      // 1,600 veh/h for 900 s, evenly spaced from t = 0: 400 insertions
      expect(t.inserted).toBe(400);
      if (!sumoBinary()) {
        // no SUMO here (CI installs it): only the tsgym side can be checked, against the schedule
        expect(t.arrived).toBeGreaterThan(350);
        return;
      }
      const s = runSumo({ net: NET, routes: [rou], end: 900, seed: 1, outDir: tmp });
      expect(s.inserted).toBe(400);
      expect(Math.abs(t.arrived - s.arrived) / s.arrived).toBeLessThan(0.05);
      expect(Math.abs(t.meanTravelTime - s.meanTravelTime) / s.meanTravelTime).toBeLessThan(0.15);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
