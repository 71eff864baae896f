import type { Command } from 'commander';
import { cpus } from 'node:os';
import { sections } from '../bench/suite.js';
import type { BenchFigure } from '../../bench/types.js';
import { CliError } from '../CliError.js';
import { fmtNum, formatTable } from '../table.js';
import { writeBenchDocs } from '../benchDocs.js';

interface BenchOpts {
  json?: boolean;
  only?: string;
  quick?: boolean;
  writeDocs?: string | boolean;
}

/** `tsgym bench [--json] [--only a,b] [--quick] [--write-docs [FILE]]`: the benchmark suite. */
export function register(program: Command): void {
  program
    .command('bench')
    .description('run the benchmark suite (figures as ratios to Gymnasium, SUMO, CityFlow, SimPy, PyTorch)')
    .option('--json', 'print one JSON object on stdout: { section: { key: value } , meta: { "section.key": {unit, scenario, anchor} } }')
    .option('--only <sections>', `comma-separated sections (${sections.map((s) => s.name).join(', ')})`)
    .option('--quick', 'shorter runs (noisier figures)')
    .option('--write-docs [file]', 'also write the figures into the generated table of docs/BENCHMARKS.md (with --only: those sections only, the rest kept)')
    .action(async (opts: BenchOpts) => {
      const wanted = opts.only ? opts.only.split(',').map((s) => s.trim()) : sections.map((s) => s.name);
      for (const w of wanted) {
        if (!sections.some((s) => s.name === w)) throw new CliError(`Unknown bench section '${w}': expected one of ${sections.map((s) => s.name).join(', ')}`);
      }
      const results: Record<string, Record<string, number>> = {};
      const meta: Record<string, Omit<BenchFigure, 'key' | 'value'>> = {};
      const all: { section: string; fig: BenchFigure }[] = [];
      for (const s of sections.filter((x) => wanted.includes(x.name))) {
        if (!opts.json) process.stderr.write(`bench: ${s.name}...\n`);
        const fn = await s.load();
        const figs = await fn({ quick: opts.quick ?? false });
        results[s.name] = {};
        for (const f of figs) {
          (results[s.name])[f.key] = f.value;
          const { key: _k, value: _v, ...rest } = f;
          meta[`${s.name}.${f.key}`] = rest;
          all.push({ section: s.name, fig: f });
        }
      }
      const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, date: new Date().toISOString() };
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ...results, meta, machine })}\n`);
      } else {
        process.stdout.write(`${renderBenchTable(all)}\n`);
      }
      if (opts.writeDocs)
        writeBenchDocs(
          typeof opts.writeDocs === 'string' ? opts.writeDocs : 'docs/BENCHMARKS.md',
          {
            args: process.argv.slice(2).join(' '),
            machine: `${machine.cpus} x ${machine.cpu}, Node ${machine.node}, ${machine.date.slice(0, 10)}`,
            sections: Object.keys(results).map((name) => ({ name, rows: renderBenchRows(all.filter((a) => a.section === name)) })),
          },
          sections.map((s) => s.name),
        );
    });
}

/** The text table `tsgym bench` prints. */
export function renderBenchTable(all: readonly { section: string; fig: BenchFigure }[]): string {
  return formatTable(
    ['figure', 'value', 'unit', 'reference', 'ratio', 'scenario'],
    all.map(({ section, fig }) => [
      `${section}.${fig.key}`,
      fmtNum(fig.value),
      fig.unit,
      fig.anchor ? `${fig.anchor.name} ${fmtNum(fig.anchor.value)}${fig.anchor.measured ? ' (same run)' : ''}` : '-',
      fig.anchor ? ratioOf(fig) : '-',
      fig.scenario,
    ]),
  );
}

/** Ratio to the anchor, oriented so that > 1 means tsgym is better (times are lower-is-better). */
function ratioOf(fig: BenchFigure): string {
  if (!fig.anchor || fig.anchor.value === 0 || fig.value === 0) return '-';
  const lowerIsBetter = /^(us|ms|s)$/.test(fig.unit);
  const r = lowerIsBetter ? fig.anchor.value / fig.value : fig.value / fig.anchor.value;
  return `${fmtNum(r)}x`;
}

/** The markdown rows of figures, one per figure, for the generated table of docs/BENCHMARKS.md. */
function renderBenchRows(all: readonly { section: string; fig: BenchFigure }[]): string[] {
  return all.map(({ section, fig }) => {
    const ref = fig.anchor ? `${fig.anchor.name}: ${fmtNum(fig.anchor.value)}${fig.anchor.measured ? ' (same run)' : ' (ANCHORS.md)'}` : '-';
    return `| \`${section}.${fig.key}\` | ${fmtNum(fig.value)} ${fig.unit} | ${ref} | ${fig.anchor ? ratioOf(fig) : '-'} | ${fig.scenario} |`;
  });
}
