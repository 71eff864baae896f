#!/usr/bin/env node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_SCENARIOS, writeFixtureScenario } from './fixtureScenarios.js';
import { formatValidation } from './formatValidation.js';
import { findSumo } from './sumoProcess.js';
import { validateConfig, type ValidationReport } from './validateConfig.js';

interface Case {
  readonly name: string;
  readonly demand?: number;
  readonly report: ValidationReport;
}

function usage(): never {
  console.log(`validate:sumo [--scenario cross|grid4|all] [--seeds N] [--end S] [--json] [--markdown] [PATH.sumocfg]
The side-by-side validation of \`tsgym validate\` on the repository's fixtures: the single intersection
(cross) and the 4x4 grid (grid4), each at three demand levels, written as .sumocfg files into a
temporary folder and run by SUMO and tsgym with seeds 1..N. With PATH: that configuration only.
Exit 1 when a case is beyond issue 15's tolerances, 2 when sumo is missing.`);
  process.exit(0);
}

function parse(argv: string[]): { scenario: string; seeds: number; end: number; json: boolean; markdown: boolean; path?: string } {
  const opt: { scenario: string; seeds: number; end: number; json: boolean; markdown: boolean; path?: string } = {
    scenario: 'all',
    seeds: 3,
    end: 3600,
    json: false,
    markdown: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => argv[++i] ?? '';
    if (a === '--scenario') opt.scenario = next();
    else if (a === '--seeds') opt.seeds = Number(next());
    else if (a === '--end') opt.end = Number(next());
    else if (a === '--json') opt.json = true;
    else if (a === '--markdown') opt.markdown = true;
    else if (a === '--help' || a === '-h') usage();
    else if (a && !a.startsWith('--')) opt.path = a;
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isSafeInteger(opt.seeds) || opt.seeds < 1) throw new Error(`--seeds: expected an integer >= 1, got ${opt.seeds}`);
  if (!(opt.end > 0)) throw new Error(`--end: expected seconds > 0, got ${opt.end}`);
  if (opt.scenario !== 'all' && !FIXTURE_SCENARIOS[opt.scenario]) {
    throw new Error(`--scenario '${opt.scenario}': expected ${Object.keys(FIXTURE_SCENARIOS).join(', ')} or all`);
  }
  return opt;
}

const f1 = (x: number): string => x.toFixed(1);
const pct = (x: number): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %` : 'inf');

function printMarkdown(cases: readonly Case[], seeds: number): void {
  console.log(`Means of ${seeds} seeds per simulator (\`npm run validate:sumo -- --markdown\`).\n`);
  console.log(
    '| scenario | demand (veh/h) | arrived SUMO / tsgym | diff | travel time (s) SUMO / tsgym | diff | waiting (s) SUMO / tsgym ' +
      '| time loss (s) SUMO / tsgym | teleports SUMO / tsgym | verdict |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const c of cases) {
    const row = (k: string) => c.report.rows.find((r) => r.key === k);
    const pair = (k: string): string => `${f1(row(k)?.sumo.mean ?? 0)} / ${f1(row(k)?.tsgym.mean ?? 0)}`;
    console.log(
      `| ${c.name} | ${c.demand ?? '-'} | ${pair('arrived')} | ${pct(row('arrived')?.relativeDiff ?? 0)} | ` +
        `${pair('meanTravelTime')} | ${pct(row('meanTravelTime')?.relativeDiff ?? 0)} | ${pair('meanWaitingTime')} | ${pair('meanTimeLoss')} | ` +
        `${pair('teleports')} | ${c.report.pass ? 'pass' : 'FAIL'} |`,
    );
  }
}

function main(argv: string[]): void {
  const opt = parse(argv);
  if (!findSumo()) {
    console.error('validate:sumo: sumo was not found (apt-get install sumo sumo-tools, or set SUMO_BINARY); nothing to compare against');
    process.exit(2);
  }
  const cases: Case[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'tsgym-validate-sumo-'));
  const run = (name: string, config: string, demand?: number): void => {
    const report = validateConfig(config, { seeds: opt.seeds, ...(opt.path ? {} : { end: opt.end }) });
    cases.push({ name, report, ...(demand !== undefined ? { demand } : {}) });
    if (!opt.json && !opt.markdown) console.log(`${name}${demand !== undefined ? ` (${demand} veh/h)` : ''}\n${formatValidation(report)}\n`);
  };
  try {
    if (opt.path) run(opt.path, opt.path);
    else {
      for (const name of opt.scenario === 'all' ? Object.keys(FIXTURE_SCENARIOS) : [opt.scenario]) {
        for (const [level] of FIXTURE_SCENARIOS[name]?.levels ?? []) {
          const { config, demand } = writeFixtureScenario(tmp, name, level, opt.end);
          run(`${name} ${level}`, config, demand);
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (opt.json) console.log(JSON.stringify(cases));
  else if (opt.markdown) printMarkdown(cases, opt.seeds);
  else console.log(`${cases.filter((c) => c.report.pass).length} of ${cases.length} cases within tolerance`);
  if (cases.some((c) => !c.report.pass)) process.exitCode = 1;
}

if (process.argv[1] && /validateSumo\.js$/.test(process.argv[1])) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`validate:sumo: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
}
