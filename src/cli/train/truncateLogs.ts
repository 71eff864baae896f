import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidFile } from '../../core/errors.js';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';

/**
 * Rewrites a log keeping the lines `keep` accepts. A last line without its newline was cut by a kill in
 * the middle of an append: it is dropped. `stepOf` returns a line's step, or null when the line is damaged,
 * which is refused naming file and line (a line inside a log is never half-written by tsgym).
 */
function rewrite(file: string, stepOf: (line: string) => number | null, keep: (line: string, step: number) => boolean, what: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const cut = lines.pop() ?? ''; // '' when the file ends with a newline, else a half-written line
  const kept: string[] = [];
  lines.forEach((l, i) => {
    if (l.length === 0) return;
    const step = stepOf(l);
    if (step === null) throw new InvalidFile(`${file} line ${i + 1} is not ${what}: ${JSON.stringify(l.slice(0, 80))}`);
    if (keep(l, step)) kept.push(l);
  });
  if (cut === '' && kept.length === lines.filter((l) => l.length > 0).length) return;
  writeFileAtomic(file, kept.length === 0 ? '' : `${kept.join('\n')}\n`);
}

function jsonStep(l: string): number | null {
  try {
    const step = (JSON.parse(l) as { step?: unknown } | null)?.step;
    return typeof step === 'number' ? step : null;
  } catch {
    return null;
  }
}

function csvStep(l: string): number | null {
  if (l.startsWith('step,')) return -1; // the header
  const step = Number(l.split(',')[0]);
  return l.split(',').length === 4 && Number.isFinite(step) ? step : null;
}

/**
 * Drops log records written after `step` (metrics.jsonl and episodes.csv of a run directory), so a run
 * resumed from an older checkpoint (after a crash) does not count those episodes twice; a half-written
 * last line (a kill during an append) is dropped, a damaged line inside a log refused naming file and line.
 *
 * @example
 * ```ts
 * truncateLogs('runs/x', 20_000);
 * ```
 */
export function truncateLogs(runDir: string, step: number): void {
  rewrite(join(runDir, 'metrics.jsonl'), jsonStep, (_l, s) => s <= step, 'valid JSON with a step');
  rewrite(join(runDir, 'episodes.csv'), csvStep, (_l, s) => s <= step, 'a step,env,return,length row');
}
