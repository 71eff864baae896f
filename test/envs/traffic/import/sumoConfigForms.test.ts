import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidFile } from '../../../../src/core/errors.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { SUMO_AVAILABLE, runSumo } from '../sumo-features/sumoReference.js';

const FIX = new URL('../../../fixtures/sumo/cross/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tsgym-cfgforms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

// the same scenario as SUMO's documentation writes it: <configuration> with sections and value attributes
const canonical = write(
  'cross.sumocfg',
  `<configuration><input><net-file value="${FIX}cross.net.xml"/><route-files value="${FIX}cross.rou.xml"/></input>` +
    '<time><begin value="100"/><end value="700"/></time></configuration>',
);

describe('SUMO configurations in the other forms SUMO reads', () => {
  it("reads an old-style NAME.sumo.cfg: root <c>, options without sections, SUMO's synonyms (net, routes, b, e), values as text", () => {
    const old = write(
      'run.sumo.cfg',
      `<c>\n  <net value="${FIX}cross.net.xml"/>\n  <routes>${FIX}cross.rou.xml</routes>\n  <b v="100"/>\n  <e>700</e>\n` +
        '  <tripinfo-output value="tripinfos.xml"/>\n  <sloppy-insert value="x"/>\n</c>',
    );
    const a = loadNetworkFile(canonical);
    const b = loadNetworkFile(old);
    expect([b.begin, b.end]).toEqual([100, 700]);
    expect(b.spec).toEqual(a.spec);
    // the options it does not read are named, once: the one that changes SUMO's insertion apart from the output
    const w = b.warnings.filter((x) => x.file === old);
    expect(w.map((x) => x.element)).toEqual(["SUMO option 'sloppy-insert' (tsgym inserts as SUMO does without it)", "'tripinfo-output'"]);
    if (SUMO_AVAILABLE) {
      // SUMO itself runs both files to the same end
      expect(runSumo(old).trips.length).toBe(runSumo(canonical).trips.length);
    }
  });

  it('finds a folder with one NAME.sumo.cfg, and names the missing network option', () => {
    const sub = join(dir, 'folder');
    mkdirSync(sub);
    writeFileSync(join(sub, 'run.sumo.cfg'), `<c><net-file value="${FIX}cross.net.xml"/><route-files value="${FIX}cross.rou.xml"/></c>`);
    expect(loadNetworkFile(sub).spec.roads.length).toBeGreaterThan(0);
    const none = write('none.sumo.cfg', `<c><route-files value="${FIX}cross.rou.xml"/></c>`);
    expect(() => loadNetworkFile(none)).toThrow(InvalidFile);
    expect(() => loadNetworkFile(none)).toThrow(/none\.sumo\.cfg:1: <net-file>.*expected the network/);
  });
});
