import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importSumo } from '../../../../envs/traffic/import/importSumo.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { fixture } from './tsgymRun.js';

const net = { text: readFileSync(fixture('twolane/twolane.net.xml'), 'utf8'), file: 'twolane.net.xml' };

describe('SUMO 1.15 input forms', () => {
  it('.sumocfg default.speeddev and carfollow.model set the defaults of every vType that gives none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-defaults-'));
    try {
      const rou = [
        '<routes>',
        '  <vType id="plain"/>',
        '  <vType id="spread" speedDev="0.3" carFollowModel="Krauss"/>',
        '  <vehicle id="a" type="plain" depart="0"><route edges="WB BE"/></vehicle>',
        '  <vehicle id="b" type="spread" depart="5"><route edges="WB BE"/></vehicle>',
        '  <vehicle id="c" depart="10"><route edges="WB BE"/></vehicle>',
        '</routes>',
      ].join('\n');
      writeFileSync(join(dir, 'd.rou.xml'), rou);
      const cfg = [
        '<configuration>',
        `  <net-file value="${fixture('twolane/twolane.net.xml')}"/>`,
        '  <route-files value="d.rou.xml"/>',
        '  <default.speeddev value="0"/>',
        '  <carfollow.model value="IDM"/>',
        '</configuration>',
      ].join('\n');
      writeFileSync(join(dir, 'd.sumocfg'), cfg);
      const types = new Map(loadNetworkFile(join(dir, 'd.sumocfg')).spec.vehicleTypes.map((t) => [t.id, t]));
      // SUMO: the option replaces the class's default deviation; a type's own speedDev and model win
      expect(types.get('plain')?.speedDev).toBe(0);
      expect(types.get('spread')?.speedDev).toBe(0.3);
      expect(types.get('DEFAULT_VEHTYPE')?.speedDev).toBe(0);
      expect(types.get('plain')?.carFollowModel).toBe('idm');
      expect(types.get('spread')?.carFollowModel).toBe('krauss');
      expect(types.get('DEFAULT_VEHTYPE')?.carFollowModel).toBe('idm');
      if (SUMO_AVAILABLE) {
        const ref = runSumo(join(dir, 'd.sumocfg'));
        expect(ref.trips.find((t) => t.id === 'a')?.speedFactor).toBe(1);
        expect(ref.trips.find((t) => t.id === 'c')?.speedFactor).toBe(1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gzip-compressed files (osm.net.xml.gz, as OSM Web Wizard scenarios ship them) read as the plain ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-gz-'));
    try {
      for (const f of ['cross.net.xml', 'cross.rou.xml']) writeFileSync(join(dir, `${f}.gz`), gzipSync(readFileSync(fixture(`cross/${f}`))));
      const cfg = '<configuration>\n<net-file value="cross.net.xml.gz"/>\n<route-files value="cross.rou.xml.gz"/>\n</configuration>\n';
      writeFileSync(join(dir, 'cross.sumocfg'), cfg);
      const plain = loadNetworkFile(fixture('cross/cross.net.xml'), { routes: fixture('cross/cross.rou.xml') });
      expect(loadNetworkFile(join(dir, 'cross.sumocfg')).spec).toEqual(plain.spec);
      expect(loadNetworkFile(join(dir, 'cross.net.xml.gz'), { routes: join(dir, 'cross.rou.xml.gz') }).spec).toEqual(plain.spec);
      writeFileSync(join(dir, 'broken.net.xml.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
      expect(() => loadNetworkFile(join(dir, 'broken.net.xml.gz'))).toThrow(/broken\.net\.xml\.gz: a gzip file that cannot be decompressed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing additional file: the error names the .sumocfg, its line and the field additional-files', () => {
    let msg = '';
    try {
      loadNetworkFile(fixture('bad-input/missing-additional.sumocfg'));
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/missing-additional\.sumocfg:4: .*additional-files.*nowhere\.add\.xml.*no such file/);
  });

  it('vTypeDistribution vTypes="a b": members drawn by their vType probability attribute (SUMO 1.15 seed 1: 109 small, 291 long of 400)', () => {
    const r = loadNetworkFile(fixture('twolane/list-distributions.sumocfg'));
    expect(r.spec.demand.typeDistributions[0]?.types).toEqual([{ type: 'small', probability: 1 }, { type: 'long', probability: 3 }]);
  });

  it('routeDistribution routes="a b" probabilities="p q" is read (SUMO 1.15 accepts it)', () => {
    const r = loadNetworkFile(fixture('twolane/list-distributions.sumocfg'));
    expect(r.spec.demand.routeDistributions[0]?.routes.map((x) => [x.route.join(' '), x.probability])).toEqual([['WB BE', 3], ['WB BN', 1]]);
  });

  // SUMO 1.15: 'normc(1,0.1)' is mean 1 sd 0.1; 'norm(1)' exactly 1; 'normc(1,0.5,0.5)' cut below at 0.5
  it('speedFactor normc/norm with fewer parameters, accepted by SUMO 1.15', () => {
    for (const sf of ['normc(1,0.1)', 'norm(1)', 'normc(1,0.5,0.5)']) {
      const rou = `<routes>\n<vType id="t" speedFactor="${sf}"/>\n</routes>`;
      expect(() => importSumo({ net, routes: [{ text: rou, file: 'x.rou.xml' }] }), sf).not.toThrow();
    }
  });

  it('a routeDistribution whose routes list names itself is refused naming the file, line and field', () => {
    const rou = '<routes>\n<route id="a" edges="WB BE"/>\n<routeDistribution id="rd" routes="a rd"/>\n</routes>';
    expect(() => importSumo({ net, routes: [{ text: rou, file: 'x.rou.xml' }] })).toThrow(
      /^x\.rou\.xml:3: routeDistribution 'rd': attribute 'routes': a distribution cannot contain itself/,
    );
  });
});
