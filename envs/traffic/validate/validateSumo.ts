#!/usr/bin/env node
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSumo } from '../import/importSumo.js';
import { loadNetworkFile } from '../import/loadNetworkFile.js';
import { formatWarnings } from '../import/ImportLog.js';
import { repoRoot } from './repoRoot.js';
import { runEngine } from './runEngine.js';
import { runSumo, sumoBinary, type TripStats } from './runSumo.js';
import { validationRouteFile, validationRoutes } from './sumoDemand.js';

/** The validation matrix: scenario fixture and veh/h per entry road at three demand levels. */
const SCENARIOS: Record<string, { net: string; levels: [string, number][] }> = {
  cross: { net: 'test/fixtures/sumo/cross/cross.net.xml', levels: [['low', 200], ['medium', 400], ['high', 600]] },
  grid4: { net: 'test/fixtures/sumo/grid4/grid4.net.xml', levels: [['low', 100], ['medium', 200], ['high', 300]] },
};

interface Row {
  scenario: string;
  level: string;
  demand: number;
  sumo: TripStats;
  tsgym: TripStats;
  throughputDiff: number;
  travelTimeDiff: number;
  pass: boolean;
}

function mean(runs: TripStats[]): TripStats {
  const avg = (k: keyof TripStats): number => runs.reduce((a, r) => a + ((r[k] as number | undefined) ?? 0), 0) / runs.length;
  return { inserted: avg('inserted'), arrived: avg('arrived'), meanTravelTime: avg('meanTravelTime'), meanWaitingTime: avg('meanWaitingTime'), meanTimeLoss: avg('meanTimeLoss'), wallSeconds: avg('wallSeconds'), vehicleUpdates: avg('vehicleUpdates') };
}

function usage(): never {
  console.log(`validate:sumo [--scenario cross|grid4|all] [--seeds N] [--end S] [--json] [--markdown] [PATH.sumocfg]
Runs the same scenario in SUMO (Krauss, tripinfo output) and in tsgym (Krauss, same vType) under the
fixed-time plan of the network and prints throughput, mean travel time, mean waiting time and mean time
loss for both. Without PATH: the single intersection and the 4x4 grid at three demand levels each.`);
  process.exit(0);
}

function main(argv: string[]): void {
  const opt = { scenario: 'all', seeds: 3, end: 3600, json: false, markdown: false, path: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--scenario') opt.scenario = argv[++i] ?? 'all';
    else if (a === '--seeds') opt.seeds = Number(argv[++i]);
    else if (a === '--end') opt.end = Number(argv[++i]);
    else if (a === '--json') opt.json = true;
    else if (a === '--markdown') opt.markdown = true;
    else if (a === '--help' || a === '-h') usage();
    else if (a && !a.startsWith('--')) opt.path = a;
    else throw new Error(`unknown option ${a}`);
  }
  if (!sumoBinary()) {
    console.error('validate:sumo: sumo is not installed (apt-get install sumo); nothing to compare against');
    process.exit(2);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'tsgym-validate-'));
  const rows: Row[] = [];
  const seeds = Array.from({ length: opt.seeds }, (_, i) => i + 1);
  const compare = (scenario: string, level: string, demand: number, sumoRun: (seed: number) => TripStats, spec: Parameters<typeof runEngine>[0]): void => {
    const s = mean(seeds.map(sumoRun));
    const t = mean(seeds.map((seed) => runEngine(spec, { model: 'krauss', end: opt.end, seed })));
    const throughputDiff = s.arrived > 0 ? (t.arrived - s.arrived) / s.arrived : 0;
    const travelTimeDiff = s.meanTravelTime > 0 ? (t.meanTravelTime - s.meanTravelTime) / s.meanTravelTime : 0;
    const row = { scenario, level, demand, sumo: s, tsgym: t, throughputDiff, travelTimeDiff, pass: Math.abs(throughputDiff) <= 0.05 && Math.abs(travelTimeDiff) <= 0.15 };
    rows.push(row);
    if (!opt.json && !opt.markdown) printRow(row);
  };
  try {
    if (opt.path) {
      const imported = loadNetworkFile(opt.path);
      for (const w of formatWarnings(imported.warnings)) console.error(`warning: ${w}`);
      const end = imported.end ?? opt.end;
      compare(opt.path, '-', imported.expectedVehicles, (seed) => runSumo({ config: opt.path, end, seed, outDir: tmp }), imported.spec);
    } else {
      const names = opt.scenario === 'all' ? Object.keys(SCENARIOS) : [opt.scenario];
      for (const name of names) {
        const sc = SCENARIOS[name];
        if (!sc) throw new Error(`unknown scenario '${name}' (expected ${Object.keys(SCENARIOS).join(', ')} or all)`);
        const netPath = join(repoRoot(), sc.net);
        const net = { text: readFileSync(netPath, 'utf8'), file: netPath };
        const routes = validationRoutes(importSumo({ net }).spec);
        for (const [level, perEntry] of sc.levels) {
          const rou = join(tmp, `${name}-${level}.rou.xml`);
          writeFileSync(rou, validationRouteFile(routes, perEntry, opt.end));
          const imported = importSumo({ net, routes: [{ text: readFileSync(rou, 'utf8'), file: rou }] });
          compare(name, level, perEntry * routes.length, (seed) => runSumo({ net: netPath, routes: [rou], end: opt.end, seed, outDir: tmp }), imported.spec);
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (opt.json) console.log(JSON.stringify({ seeds: opt.seeds, end: opt.end, rows }, null, 2));
  else if (opt.markdown) printMarkdown(rows, opt.seeds);
}

const f1 = (x: number): string => x.toFixed(1);
const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`;

function printRow(r: Row): void {
  console.log(`${r.scenario} ${r.level} (${r.demand} veh/h)`);
  console.log(`  sumo : inserted ${f1(r.sumo.inserted)} arrived ${f1(r.sumo.arrived)} travel ${f1(r.sumo.meanTravelTime)} s waiting ${f1(r.sumo.meanWaitingTime)} s time loss ${f1(r.sumo.meanTimeLoss)} s (${f1(r.sumo.wallSeconds)} s wall)`);
  console.log(`  tsgym: inserted ${f1(r.tsgym.inserted)} arrived ${f1(r.tsgym.arrived)} travel ${f1(r.tsgym.meanTravelTime)} s waiting ${f1(r.tsgym.meanWaitingTime)} s time loss ${f1(r.tsgym.meanTimeLoss)} s (${f1(r.tsgym.wallSeconds)} s wall)`);
  console.log(`  throughput ${pct(r.throughputDiff)} (limit 5 %), travel time ${pct(r.travelTimeDiff)} (limit 15 %): ${r.pass ? 'PASS' : 'FAIL'}`);
}

function printMarkdown(rows: Row[], seeds: number): void {
  console.log(`Means of ${seeds} seeds per simulator.\n`);
  console.log('| scenario | demand (veh/h) | throughput SUMO / tsgym | diff | travel time (s) SUMO / tsgym | diff | waiting (s) SUMO / tsgym | time loss (s) SUMO / tsgym | within 5 % / 15 % |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.scenario} ${r.level} | ${r.demand} | ${f1(r.sumo.arrived)} / ${f1(r.tsgym.arrived)} | ${pct(r.throughputDiff)} | ${f1(r.sumo.meanTravelTime)} / ${f1(r.tsgym.meanTravelTime)} | ${pct(r.travelTimeDiff)} | ${f1(r.sumo.meanWaitingTime)} / ${f1(r.tsgym.meanWaitingTime)} | ${f1(r.sumo.meanTimeLoss)} / ${f1(r.tsgym.meanTimeLoss)} | ${r.pass ? 'yes' : 'no'} |`);
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.error(`validate:sumo: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
