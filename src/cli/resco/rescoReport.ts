import { lineChartSvg } from '../../plot/lineChartSvg.js';
import { PUBLISHED, RESCO_PROTOCOL, bestPublishedLearner, type RescoScenario } from '../../../envs/traffic/resco/rescoProtocol.js';
import { RESCO_LEARNERS, type RescoAlgo, type RescoCell, type RescoResults, type RescoRunOptions } from './runResco.js';

/** RESCO's published column of each controller. */
const LABEL: Record<RescoAlgo, 'Fixed' | 'Greedy' | 'Max-pressure' | 'IDQN' | 'IPPO' | 'MPLight' | null> = {
  fixed: 'Fixed',
  greedy: 'Greedy',
  'max-pressure': 'Max-pressure',
  idqn: 'IDQN',
  ippo: 'IPPO',
  mplight: 'MPLight',
  'phase-dqn': null,
  'guided-dqn': null,
};

/** One line of the table: a controller on a scenario in both backends beside RESCO's figure. */
export interface RescoRow {
  readonly scenario: RescoScenario;
  readonly algo: RescoAlgo;
  readonly tsgym?: { mean: number; sd: number };
  readonly sumo?: { mean: number; sd: number };
  /** (SUMO - tsgym) / tsgym: the sim-to-sim gap of the same controller. */
  readonly gap?: number;
  readonly published: number | null;
  /** (SUMO, else tsgym) / published - 1. */
  readonly vsPublished?: number;
  /** For a learner: RESCO's best published learner, and whether ours (in SUMO, else tsgym) is lower. */
  readonly target?: { name: string; delay: number; beaten: boolean };
  /** Backends where the controller could not run, and why. */
  readonly failed?: string[];
}

/**
 * The rows of the RESCO table from a run's cells (one per scenario and controller).
 *
 * @example
 * ```ts
 * const rows = rescoRows(results);
 * ```
 */
export function rescoRows(res: RescoResults): RescoRow[] {
  const rows: RescoRow[] = [];
  const seen = new Set<string>();
  for (const c of res.cells) {
    const key = `${c.scenario}/${c.algo}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const of = (b: string): RescoCell | undefined => res.cells.find((x) => x.scenario === c.scenario && x.algo === c.algo && x.backend === b);
    const ok = (x: RescoCell | undefined): RescoCell | undefined => (x && x.error === undefined ? x : undefined);
    const t = ok(of('tsgym'));
    const s = ok(of('sumo'));
    const failed = [of('tsgym'), of('sumo')].filter((x) => x?.error !== undefined).map((x) => `${x?.backend ?? ''}: ${x?.error ?? ''}`);
    const label = LABEL[c.algo];
    const published = label === null ? null : PUBLISHED[c.scenario][label];
    const ours = s ?? t;
    const best = bestPublishedLearner(c.scenario);
    rows.push({
      scenario: c.scenario,
      algo: c.algo,
      ...(t ? { tsgym: { mean: t.mean, sd: t.sd } } : {}),
      ...(s ? { sumo: { mean: s.mean, sd: s.sd } } : {}),
      ...(t && s ? { gap: (s.mean - t.mean) / t.mean } : {}),
      published,
      ...(ours && published !== null ? { vsPublished: ours.mean / published - 1 } : {}),
      ...(RESCO_LEARNERS.includes(c.algo) && ours ? { target: { ...best, beaten: ours.mean < best.delay } } : {}),
      ...(failed.length ? { failed } : {}),
    });
  }
  return rows;
}

const f = (x: number): string => x.toFixed(2);
const pct = (x: number | undefined): string => (x === undefined ? '-' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`);
const ms = (m: { mean: number; sd: number } | undefined, failed: boolean): string => (m ? `${f(m.mean)} ± ${f(m.sd)}` : failed ? 'failed (see below)' : '-');

/**
 * The learning curve of one training as an SVG (RESCO delay of each training episode on tsgym's backend
 * against env steps).
 *
 * @example
 * ```ts
 * writeFileSync('cologne1-idqn.svg', curveSvg(results.training[0]));
 * ```
 */
export function curveSvg(t: RescoResults['training'][number]): string {
  return lineChartSvg(`${t.scenario} ${t.algo}: training episodes (tsgym backend)`, [
    { name: 'RESCO delay', x: t.curve.map((p) => p.steps), y: t.curve.map((p) => p.rescoDelay) },
  ], { xLabel: 'env steps (all signals)', yLabel: 'delay (s/veh)' });
}

function tableLine(r: RescoRow, window: string): string {
  const p = RESCO_PROTOCOL[r.scenario];
  const target = r.target ? `${r.target.name} ${f(r.target.delay)}: ${r.target.beaten ? 'beaten' : 'not beaten'}` : '';
  const published = r.published === null ? '-' : f(r.published);
  const fail = (b: string): boolean => (r.failed ?? []).some((x) => x.startsWith(`${b}:`));
  const both = [ms(r.tsgym, fail('tsgym')), ms(r.sumo, fail('sumo'))];
  const cells = [r.scenario, window, `${p.deltaTime} / ${p.yellow}`, r.algo, ...both, pct(r.gap), published, pct(r.vsPublished), target];
  return `| ${cells.join(' | ')} |`;
}

function trainingLines(res: RescoResults): string[] {
  if (res.training.length === 0) return [];
  const head = '| scenario | learner | wall s | env steps | episodes | episode evaluated (its training delay, s) | curve |';
  const lines = ['## Training (tsgym backend)', '', head, '|---|---|---|---|---|---|---|'];
  for (const t of res.training) {
    const sel = t.selectedEpisode;
    const at = sel === undefined ? t.curve.at(-1) : t.curve[sel - 1];
    const check = t.checkDelay === undefined ? '' : `; greedy check ${f(t.checkDelay)}`;
    const delay = `${sel === undefined ? 'final' : sel} (${at ? f(at.rescoDelay) : '-'}${check})`;
    lines.push(`| ${t.scenario} | ${t.algo} | ${t.wallSeconds.toFixed(0)} | ${t.envSteps} | ${t.episodes} | ${delay} | [svg](${t.scenario}-${t.algo}.svg) |`);
  }
  const demos = res.training.flatMap((t) => {
    const d = t.demonstrations;
    if (!d) return [];
    const pre = d.pretrainedCheckDelay === undefined ? '' : `; the pre-trained network ${f(d.pretrainedCheckDelay)} s`;
    return [
      `- ${t.scenario} ${t.algo}: initialised from the demonstrations of ${d.name} (${f(d.checkDelay)} s on the check seeds), ` +
        `${d.episodes} episodes (${d.transitions} decisions), ${d.pretrainSteps} pre-training steps${pre}`,
    ];
  });
  return [...lines, '', ...(demos.length ? [...demos, ''] : [])];
}

/**
 * `README.md` of a run: the protocol, the table of our controllers in both backends beside RESCO's
 * published delays, the learners' training cost and curves.
 *
 * @example
 * ```ts
 * writeFileSync('out/README.md', rescoMarkdown(results, options, 'tsgym benchmark resco --seeds 3'));
 * ```
 */
export function rescoMarkdown(res: RescoResults, o: Omit<RescoRunOptions, 'onProgress'>, command: string): string {
  const windowOf = (n: RescoScenario): string => {
    const p = RESCO_PROTOCOL[n];
    return `${p.begin}-${o.seconds === undefined ? p.end : p.begin + o.seconds}`;
  };
  const lines = [
    '# RESCO benchmark',
    '',
    `Command: \`${command}\``,
    '',
    `Evaluation seeds 1-${o.seeds}; learners trained on tsgym's backend (seeds from 1001 on), at most ${o.maxEpisodes} episodes ` +
      `or ${o.budgetSeconds} s of wall time per scenario and learner.`,
    "Delay: RESCO's (time loss + depart delay per vehicle, plus the wait of vehicles never inserted), s/vehicle, mean ± sd over seeds.",
    "Published: RESCO's figure under the same label (its Greedy and Max-pressure labels may be swapped: see docs/resco.md).",
    '',
    '| scenario | window (s) | step / yellow (s) | controller | tsgym | SUMO | gap SUMO vs tsgym | RESCO published | ours vs published | best RESCO learner |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rescoRows(res).map((r) => tableLine(r, windowOf(r.scenario))),
    '',
    ...trainingLines(res),
    ...rescoRows(res).flatMap((r) => (r.failed ?? []).map((x) => `- ${r.scenario} ${r.algo} could not run on ${x}`)),
  ];
  return `${lines.join('\n')}\n`;
}
