import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { importSumo } from '../../../../envs/traffic/import/importSumo.js';
import type { ImportedNetwork } from '../../../../envs/traffic/import/ImportedNetwork.js';
import { fixture } from './tsgymRun.js';

/*
 * Random scenarios for the property tests: one of the generated networks of test/fixtures/sumo/generated
 * (netgenerate grid of priority junctions, spider of right-before-left junctions, random net with
 * signals), routes from the randomTrips.py pool of that network, and random vehicle types, vehicles,
 * flows and departure attributes, written as a SUMO route file and imported.
 */

export const NETS = ['grid', 'spider', 'random'] as const;

const netText = new Map<string, string>();
const routePool = new Map<string, string[]>();

function load(name: string): { net: string; routes: string[] } {
  if (!netText.has(name)) {
    netText.set(name, readFileSync(fixture(`generated/${name}.net.xml`), 'utf8'));
    const rou = readFileSync(fixture(`generated/${name}.rou.xml`), 'utf8');
    routePool.set(
      name,
      [...rou.matchAll(/<route edges="([^"]+)"/g)].map((m) => m[1] ?? ''),
    );
  }
  return { net: netText.get(name) ?? '', routes: routePool.get(name) ?? [] };
}

const vType = fc.record({
  length: fc.double({ min: 2.5, max: 15, noNaN: true }),
  minGap: fc.double({ min: 0.5, max: 4, noNaN: true }),
  accel: fc.double({ min: 0.8, max: 3.5, noNaN: true }),
  decel: fc.double({ min: 2, max: 6, noNaN: true }),
  sigma: fc.double({ min: 0, max: 1, noNaN: true }),
  speedFactor: fc.constantFrom('1', 'normc(1,0.1,0.2,2)', 'norm(0.9,0.2)', '1.2'),
});

const departure = fc.record({
  departLane: fc.constantFrom('best', 'free', 'random', 'first', 'allowed', '0'),
  departSpeed: fc.constantFrom('max', '0', 'desired', 'random', 'avg', 'speedLimit', '5'),
  departPos: fc.constantFrom('base', 'free', 'random', 'random_free', '20', '-10'),
  arrivalPos: fc.constantFrom('max', 'random', '10', '-5'),
});

/** A random scenario: network, types, explicit vehicles, flows, seed and engine settings. */
export const scenario = fc.record({
  net: fc.constantFrom(...NETS),
  types: fc.array(vType, { minLength: 1, maxLength: 3 }),
  vehicles: fc.array(fc.record({ route: fc.nat(59), type: fc.nat(2), depart: fc.integer({ min: 0, max: 240 }), dep: departure }), { maxLength: 40 }),
  flows: fc.array(fc.record({ route: fc.nat(59), type: fc.nat(2), vehsPerHour: fc.integer({ min: 60, max: 1500 }), random: fc.boolean(), dep: departure }), {
    maxLength: 4,
  }),
  seed: fc.integer({ min: 0, max: 10_000 }),
  timeToTeleport: fc.constantFrom(-1, 20, 60, 300),
});

export type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The scenario's route file (types, vehicles sorted by departure, flows over 0-240 s). */
export function routeFile(s: Scenario): string {
  const { routes } = load(s.net);
  const attrs = (d: Scenario['vehicles'][number]['dep']): string =>
    `departLane="${d.departLane}" departSpeed="${d.departSpeed}" departPos="${d.departPos}" arrivalPos="${d.arrivalPos}"`;
  const type = (k: number): string => `t${k % s.types.length}`;
  const rateAttr = (f: Scenario['flows'][number]): string => (f.random ? `period="exp(${f.vehsPerHour / 3600})"` : `vehsPerHour="${f.vehsPerHour}"`);
  const lines = s.types.map(
    (t, k) =>
      `  <vType id="t${k}" length="${t.length}" minGap="${t.minGap}" accel="${t.accel}" decel="${t.decel}" sigma="${t.sigma}" speedFactor="${t.speedFactor}"/>`,
  );
  s.flows.forEach((f, k) =>
    lines.push(
      `  <flow id="f${k}" type="${type(f.type)}" begin="0" end="240" ${rateAttr(f)} ${attrs(f.dep)}><route edges="${routes[f.route] ?? ''}"/></flow>`,
    ),
  );
  [...s.vehicles]
    .sort((a, b) => a.depart - b.depart)
    .forEach((v, k) =>
      lines.push(`  <vehicle id="v${k}" type="${type(v.type)}" depart="${v.depart}" ${attrs(v.dep)}><route edges="${routes[v.route] ?? ''}"/></vehicle>`),
    );
  return `<routes>\n${lines.join('\n')}\n</routes>\n`;
}

/** Imports the scenario (its network file and generated route file). */
export function importScenario(s: Scenario): ImportedNetwork {
  const { net } = load(s.net);
  return importSumo({
    net: { text: net, file: `${s.net}.net.xml` },
    routes: [{ text: routeFile(s), file: 'generated.rou.xml' }],
    timeToTeleport: s.timeToTeleport,
  });
}
