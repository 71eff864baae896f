import { join } from 'node:path';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import { PUBLISHED, RESCO_PROTOCOL } from '../../../envs/traffic/resco/rescoProtocol.js';
import { curveSvg, rescoMarkdown, rescoRows } from './rescoReport.js';
import type { RescoResults, RescoRunOptions } from './runResco.js';

/**
 * Writes a run to `out`: `results.json` (options, protocol, every cell and training, the table rows,
 * RESCO's published figures), `README.md` and one `SCENARIO-LEARNER.svg` curve per training. Returns
 * the JSON text.
 *
 * @example
 * ```ts
 * writeRescoOutputs('runs/resco', results, options, 'tsgym benchmark resco');
 * ```
 */
export function writeRescoOutputs(out: string, res: RescoResults, o: Omit<RescoRunOptions, 'onProgress'>, command: string): string {
  const protocol = Object.fromEntries(o.scenarios.map((s) => [s, RESCO_PROTOCOL[s]]));
  const published = Object.fromEntries(o.scenarios.map((s) => [s, PUBLISHED[s]]));
  const json = JSON.stringify({ command, options: o, protocol, rows: rescoRows(res), cells: res.cells, training: res.training, published }, null, 2);
  writeFileAtomic(join(out, 'results.json'), `${json}\n`);
  writeFileAtomic(join(out, 'README.md'), rescoMarkdown(res, o, command));
  for (const t of res.training) writeFileAtomic(join(out, `${t.scenario}-${t.algo}.svg`), curveSvg(t));
  return json;
}
