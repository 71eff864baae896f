import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidFile } from '../../../../src/core/errors.js';
import { importSumo } from '../../../../envs/traffic/import/importSumo.js';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { fixture } from './tsgymRun.js';

/*
 * Bad input (test/fixtures/sumo/bad-input, on the twolane network): each file must fail with one
 * InvalidFile error on one line naming the file, the line and the field, and the call must return nothing
 * (no half-loaded network).
 */

/** The error a call throws (the test fails if it returns). */
function failure(load: () => unknown): InvalidFile {
  let result: unknown;
  try {
    result = load();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidFile);
    expect((e as Error).message).not.toContain('\n');
    return e as InvalidFile;
  }
  throw new Error(`loaded instead of failing: ${JSON.stringify(result).slice(0, 200)}`);
}

const cfg = (name: string): string => fixture(`bad-input/${name}.sumocfg`);
const at = (file: string, line: number): string => `${fixture(`bad-input/${file}`)}:${line}: `;

describe('bad input: one error naming file, line and field; nothing loaded', () => {
  it("speedFactor='normc(1,x)'", () => {
    expect(failure(() => loadNetworkFile(cfg('speedfactor'))).message).toBe(
      `${at('speedfactor.rou.xml', 2)}vType 'car': attribute 'speedFactor': expected normc(mean[,dev[,min[,max]]]) with 1 to 4 numbers (got "normc(1,x)")`,
    );
  });

  it('other malformed speed-factor distributions', () => {
    const net = { text: readFileSync(fixture('twolane/twolane.net.xml'), 'utf8'), file: 'twolane.net.xml' };
    // each refused by SUMO 1.15 too ("Invalid format of distribution parameterized", or the mean outside the bounds)
    for (const bad of ['fast', '-1', 'norm(a,0.1)', 'normc(1,0.1,2,0.2)', 'uniform(0.8,1.2)']) {
      const rou = `<routes>\n<vType id="t" speedFactor="${bad}"/>\n</routes>`;
      expect(failure(() => importSumo({ net, routes: [{ text: rou, file: 'x.rou.xml' }] })).message, bad).toMatch(
        /^x\.rou\.xml:2: vType 't': attribute 'speedFactor': expected /,
      );
    }
  });

  it('a vTypeDistribution that names itself', () => {
    expect(failure(() => loadNetworkFile(cfg('self-type'))).message).toBe(
      `${at('self-type.rou.xml', 3)}vTypeDistribution 'mix': attribute 'vTypes': a distribution cannot contain itself (got "car mix")`,
    );
  });

  it('a routeDistribution that names itself', () => {
    expect(failure(() => loadNetworkFile(cfg('self-route'))).message).toMatch(
      new RegExp(`^${at('self-route.rou.xml', 3)}route in routeDistribution 'rd': attribute 'refId': .*'rd'`),
    );
  });

  it('a route over a missing connection', () => {
    expect(failure(() => loadNetworkFile(cfg('missing-connection'))).message).toBe(
      `${at('missing-connection.rou.xml', 3)}route of vehicle 'v': attribute 'edges': no connection from edge 'BN' to edge 'BE' (got "WB BN BE")`,
    );
  });

  it('begin >= end in the .sumocfg', () => {
    expect(failure(() => loadNetworkFile(cfg('begin-end'))).message).toBe(
      `${at('begin-end.sumocfg', 7)}<end>: attribute 'value': expected an end after begin 500 s (got "500")`,
    );
  });

  it('a missing additional file: named, with what is wrong', () => {
    expect(failure(() => loadNetworkFile(cfg('missing-additional'))).message).toMatch(/missing-additional\.sumocfg:4: <additional-files> names 'nowhere\.add\.xml': no such file/);
  });
});
