import { appendFileSync, existsSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../../io/writeFileAtomic.js';
import type { Callback, LogRecord } from '../../../agents/common/callbacks.js';

/**
 * Appends finished episodes as CSV rows (`step,env,return,length`), for spreadsheets and plots.
 *
 * @example
 * ```ts
 * await agent.learn({ totalTimesteps: 1e4, callbacks: [new EpisodeCsv('runs/x/episodes.csv')] });
 * ```
 */
export class EpisodeCsv implements Callback {
  constructor(readonly file: string) {
    // written whole or not at all (a kill here leaves no header-less file); an emptied file gets it again
    if (!existsSync(file) || statSync(file).size === 0) writeFileAtomic(file, 'step,env,return,length\n');
  }

  onLog(r: LogRecord): void {
    if (r.type === 'episode') appendFileSync(this.file, `${r.step},${r.env},${r.return},${r.length}\n`);
  }
}
