import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';

function rewrite(file: string, keep: (line: string) => boolean): void {
  if (!existsSync(file)) return;
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const kept = lines.filter(keep);
  if (kept.length === lines.length) return;
  writeFileAtomic(file, `${kept.join('\n')}\n`);
}

/**
 * Drops log records written after `step` (metrics.jsonl and episodes.csv of a run directory), so a run
 * resumed from an older checkpoint (after a crash) does not count those episodes twice.
 *
 * @example
 * ```ts
 * truncateLogs('runs/x', 20_000);
 * ```
 */
export function truncateLogs(runDir: string, step: number): void {
  rewrite(join(runDir, 'metrics.jsonl'), (l) => (JSON.parse(l) as { step: number }).step <= step);
  rewrite(join(runDir, 'episodes.csv'), (l) => l.startsWith('step,') || Number(l.split(',')[0]) <= step);
}
