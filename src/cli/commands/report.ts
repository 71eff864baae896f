import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CompareReport } from '../../eval/compareReport.js';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import { spec } from '../../registry/registry.js';
import { readRecording } from '../../../renderers/io/readRecording.js';
import { listRecordings } from '../../../renderers/server/listRecordings.js';
import type { TrafficScene } from '../../../renderers/format/types.js';
import { reportHtml } from '../../../renderers/report/reportHtml.js';
import { CliError } from '../CliError.js';
import { hcmLos } from '../hcmOutput.js';
import { loadEnvs } from '../loadEnvs.js';

interface ReportOpts {
  out: string;
}

/** The comparison JSON of `tsgym compare --json` or a run folder holding `compare.json` (as `npm start` writes). */
function readComparison(path: string): { env: string; report: CompareReport; dir: string } {
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, 'compare.json');
  } catch {
    throw new CliError(`Cannot report '${path}': no such file or folder`);
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`Cannot report '${file}': ${(e as Error).message.split('\n')[0] ?? ''} (expected the JSON of tsgym compare --json)`);
  }
  const d = data as Partial<CompareReport> & { env?: unknown };
  if (typeof d.env !== 'string' || !Array.isArray(d.policies) || !Array.isArray(d.rows) || !Array.isArray(d.seeds) || !Array.isArray(d.metrics))
    throw new CliError(`Cannot report '${file}': not the JSON of tsgym compare --json (expected env, policies, seeds, metrics and rows)`);
  return { env: d.env, report: d as CompareReport, dir: dirname(file) };
}

/** The scene of the first traffic recording in `dir` or `dir/recordings`, if any. */
async function findScene(dir: string): Promise<TrafficScene | undefined> {
  for (const d of [dir, join(dir, 'recordings')]) {
    if (!existsSync(d) || !statSync(d).isDirectory()) continue;
    for (const f of listRecordings(d)) {
      try {
        const rec = await readRecording(f);
        if (rec.scene.kind === 'traffic') return rec.scene;
      } catch {
        // not a recording: look further
      }
    }
  }
  return undefined;
}

/**
 * `tsgym report RUN_OR_COMPARE_JSON --out report.html`: a self-contained HTML report of a comparison
 * (tables with units and intervals, HCM level of service per junction and approach, LOS maps when a
 * traffic recording sits beside it, a chart of the main metric), printable to PDF.
 *
 * @example
 * ```ts
 * register(program); // tsgym report runs/demo-2026-01-01 --out report.html
 * ```
 */
export function register(program: Command): void {
  program
    .command('report')
    .description('a self-contained HTML report (tables, HCM level of service, LOS maps, chart) of a compare run')
    .argument('<path>', 'the JSON of tsgym compare --json, or a folder with compare.json (and recordings/) such as npm start writes')
    .requiredOption('--out <file>', 'the HTML file to write')
    .action(async (path: string, opts: ReportOpts) => {
      const outDir = dirname(resolve(opts.out));
      if (!existsSync(outDir) || !statSync(outDir).isDirectory()) throw new CliError(`Cannot write --out '${opts.out}': folder '${outDir}' does not exist`);
      if (!/\.html?$/.test(opts.out)) throw new CliError(`Invalid --out '${opts.out}': expected an .html file name`);
      const { env, report, dir } = readComparison(path);
      await loadEnvs();
      let catalog;
      try {
        catalog = spec(env).metrics;
      } catch {
        catalog = undefined;
      }
      const scene = await findScene(dir);
      writeFileAtomic(opts.out, reportHtml({ env, report, catalog, los: hcmLos(report), ...(scene ? { scene } : {}) }));
      process.stderr.write(`tsgym: wrote ${opts.out}${scene ? ' (with LOS maps)' : ''}\n`);
    });
}
