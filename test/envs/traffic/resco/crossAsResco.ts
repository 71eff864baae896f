import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FIX = new URL('../../../fixtures/sumo/cross/', import.meta.url).pathname;

/**
 * Lays our own one-signal cross fixture out in `dir` as RESCO's `grid4x4/grid4x4.sumocfg` (a one-hour
 * window from 0 s), so the RESCO commands can run in unit tests without RESCO's files.
 *
 * @example
 * ```ts
 * const dir = mkdtempSync(join(tmpdir(), 'resco-'));
 * layCrossAsResco(dir); // dir/grid4x4/grid4x4.sumocfg
 * ```
 */
export function layCrossAsResco(dir: string): void {
  mkdirSync(join(dir, 'grid4x4'));
  for (const f of ['cross.net.xml', 'cross.rou.xml']) copyFileSync(join(FIX, f), join(dir, 'grid4x4', f));
  writeFileSync(
    join(dir, 'grid4x4', 'grid4x4.sumocfg'),
    '<configuration><input><net-file value="cross.net.xml"/><route-files value="cross.rou.xml"/></input>' +
      '<time><begin value="0"/><end value="3600"/></time></configuration>',
  );
}
