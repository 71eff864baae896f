import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importSumo } from '../../../../envs/traffic/import/importSumo.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { fixture } from './tsgymRun.js';

const net = { text: readFileSync(fixture('twolane/twolane.net.xml'), 'utf8'), file: 'twolane.net.xml' };

describe('SUMO 1.15 input forms', () => {
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
