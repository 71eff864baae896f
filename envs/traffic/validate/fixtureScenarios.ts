import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { importSumo } from '../import/importSumo.js';
import { repoRoot } from './repoRoot.js';
import { validationRouteFile, validationRoutes } from './sumoDemand.js';

/**
 * The fixture networks of `npm run validate:sumo` and their demand levels (veh/h per entry road): the
 * single intersection `test/fixtures/sumo/cross` and the 4x4 grid `test/fixtures/sumo/grid4`.
 *
 * @example
 * ```ts
 * FIXTURE_SCENARIOS.cross.levels; // [['low', 200], ['medium', 400], ['high', 600]]
 * ```
 */
export const FIXTURE_SCENARIOS: Readonly<Record<string, { readonly net: string; readonly levels: readonly (readonly [string, number])[] }>> = {
  cross: { net: 'test/fixtures/sumo/cross/cross.net.xml', levels: [['low', 200], ['medium', 400], ['high', 600]] },
  grid4: { net: 'test/fixtures/sumo/grid4/grid4.net.xml', levels: [['low', 100], ['medium', 200], ['high', 300]] },
};

/**
 * Writes a SUMO scenario for a fixture network into `dir`: the validation demand (from each entry 70 %
 * straight, 15 % left, 15 % right, evenly spaced flows of `perEntry` veh/h, SUMO's passenger car without
 * speed spread) as a route file, and a `.sumocfg` naming the fixture's net file, that route file and the
 * window 0..`end`. Returns the configuration's path and the total demand (veh/h).
 *
 * @example
 * ```ts
 * const { config } = writeFixtureScenario(tmp, 'cross', 'medium', 3600);
 * validateConfig(config, { seeds: 3 });
 * ```
 */
export function writeFixtureScenario(dir: string, scenario: string, level: string, end: number): { config: string; demand: number } {
  const sc = FIXTURE_SCENARIOS[scenario];
  if (!sc) throw new RangeError(`unknown scenario '${scenario}' (expected ${Object.keys(FIXTURE_SCENARIOS).join(', ')})`);
  const perEntry = sc.levels.find(([l]) => l === level)?.[1];
  if (perEntry === undefined) throw new RangeError(`unknown level '${level}' of ${scenario} (expected ${sc.levels.map(([l]) => l).join(', ')})`);
  const netPath = join(repoRoot(), sc.net);
  const routes = validationRoutes(importSumo({ net: { text: readFileSync(netPath, 'utf8'), file: netPath } }).spec);
  const name = `${scenario}-${level}`;
  writeFileSync(join(dir, `${name}.rou.xml`), validationRouteFile(routes, perEntry, end));
  const config = join(dir, `${name}.sumocfg`);
  writeFileSync(config, [
    '<configuration>',
    `    <input><net-file value="${netPath}"/><route-files value="${basename(name)}.rou.xml"/></input>`,
    `    <time><begin value="0"/><end value="${end}"/></time>`,
    '</configuration>',
    '',
  ].join('\n'));
  return { config, demand: perEntry * routes.length };
}
