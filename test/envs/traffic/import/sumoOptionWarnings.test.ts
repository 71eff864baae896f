import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { SUMO_AVAILABLE, runSumo } from '../sumo-features/sumoReference.js';

// The lanedrop fixture (a 2-lane road narrowing to 1 lane: every driver on the right lane must change lanes)
// with options tsgym does not read, written the way users write them in a .sumocfg.
const FIX = new URL('../../../fixtures/sumo/lanedrop/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tsgym-cfgopts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cfg = (name: string, processing: string, output = ''): string => {
  const f = join(dir, name);
  writeFileSync(
    f,
    `<configuration>\n<input><net-file value="${FIX}lanedrop.net.xml"/><route-files value="${FIX}lanedrop.rou.xml"/></input>\n` +
      `<time><begin value="0"/><end value="1800"/></time>\n<processing>${processing}</processing>\n<output>${output}</output>\n</configuration>\n`,
  );
  return f;
};

describe('SUMO options tsgym does not read', () => {
  it('names the ones that change the simulation in one warning, with what tsgym does instead, apart from outputs and defaults', () => {
    const f = cfg(
      'opts.sumocfg',
      '<lanechange.duration value="3"/><default.action-step-length value="1"/><ignore-junction-blocker value="20"/>' +
        '<collision.action value="teleport"/><weights.minor-penalty value="2"/>',
      '<fcd-output value="fcd.xml"/><tripinfo-output value="trips.xml"/>',
    );
    const w = loadNetworkFile(f).warnings.filter((x) => x.file === f);
    expect(w).toHaveLength(2);
    const changing = w.find((x) => x.message.startsWith('not modelled by tsgym'));
    expect(changing?.element).toBe(
      "SUMO options 'lanechange.duration' (continuous lane changing; tsgym changes lanes within one step), " +
        "'default.action-step-length' (tsgym's drivers decide every step), " +
        "'ignore-junction-blocker' (tsgym never ignores a driver blocking a junction), 'weights.minor-penalty'",
    );
    expect(changing?.message).toMatch(/SUMO's results with them may differ/);
    // collision.action at SUMO's default ('teleport') and the outputs change nothing
    const rest = w.find((x) => x !== changing);
    expect(rest?.element).toBe("'collision.action', 'fcd-output', 'tripinfo-output'");
    expect(rest?.message).toMatch(/no effect on the simulation/);
  });

  it('gives no warning of the first kind for outputs alone', () => {
    const f = cfg('out.sumocfg', '<lanechange.duration value="0"/>', '<summary-output value="s.xml"/>');
    const w = loadNetworkFile(f).warnings.filter((x) => x.file === f);
    expect(w.map((x) => x.element)).toEqual(["'lanechange.duration', 'summary-output'"]);
  });

  it.runIf(SUMO_AVAILABLE)('SUMO 1.15: lanechange.duration changes its trips, an output option does not', () => {
    const plain = runSumo(cfg('plain.sumocfg', ''));
    const lc = runSumo(cfg('lc.sumocfg', '<lanechange.duration value="3"/>'));
    const fcd = runSumo(cfg('plain.sumocfg', ''), { fcd: true });
    const durations = (r: typeof plain): number[] => r.trips.map((t) => t.duration);
    expect(plain.trips.length).toBeGreaterThan(500);
    expect(durations(lc)).not.toEqual(durations(plain));
    expect(durations(fcd)).toEqual(durations(plain));
  });
});
