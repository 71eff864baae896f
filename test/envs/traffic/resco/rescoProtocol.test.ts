import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../../../../envs/index.js';
import type { TrafficNetworkParallelEnv } from '../../../../envs/traffic/network-env/TrafficNetworkParallelEnv.js';
import { RESCO_PROTOCOL, bestPublishedLearner, rescoKwargs, rescoScenario } from '../../../../envs/traffic/resco/rescoProtocol.js';
import { makeParallel } from '../../../../src/registry/registry.js';

const FIX = new URL('../../../fixtures/sumo/cross/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tsgym-resco-protocol-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Our own cross fixture laid out as a RESCO scenario folder NAME/NAME.sumocfg (RESCO's files stay out of unit tests). */
function layout(name: string): void {
  mkdirSync(join(dir, name), { recursive: true });
  for (const f of ['cross.net.xml', 'cross.rou.xml']) copyFileSync(join(FIX, f), join(dir, name, f));
  writeFileSync(
    join(dir, name, `${name}.sumocfg`),
    '<configuration><input><net-file value="cross.net.xml"/><route-files value="cross.rou.xml"/></input>' +
      '<time><begin value="0"/><end value="3600"/></time></configuration>',
  );
}

describe("RESCO's protocol", () => {
  it("has RESCO's windows, decision intervals and yellows (its config/map_config.py)", () => {
    const hour = (b: number) => ({ begin: b, end: b + 3600 });
    for (const n of ['cologne1', 'cologne8'] as const) expect(RESCO_PROTOCOL[n]).toMatchObject({ ...hour(25200), deltaTime: 10, yellow: 3 });
    for (const n of ['ingolstadt1', 'ingolstadt7'] as const) expect(RESCO_PROTOCOL[n]).toMatchObject({ ...hour(57600), deltaTime: 10, yellow: 3 });
    expect(RESCO_PROTOCOL.grid4x4).toMatchObject({ ...hour(0), deltaTime: 10, yellow: 3 });
    expect(RESCO_PROTOCOL.arterial4x4).toMatchObject({ ...hour(0), deltaTime: 5, yellow: 2 });
  });

  it("targets RESCO's best published learner per scenario (the issue's figures)", () => {
    const t = Object.fromEntries(Object.keys(RESCO_PROTOCOL).map((n) => [n, bestPublishedLearner(rescoScenario(n)).delay]));
    expect(t).toEqual({ cologne1: 26.05, cologne8: 21.62, ingolstadt1: 20.9, ingolstadt7: 31.19, grid4x4: 32.95, arterial4x4: 654.13 });
  });

  it('names the bad scenario', () => {
    expect(() => rescoScenario('cologne3')).toThrow(/Unknown RESCO scenario 'cologne3': expected one of cologne1, .*arterial4x4/);
  });

  for (const [name, dt, yellow] of [['grid4x4', 10, 3], ['arterial4x4', 5, 2]] as const) {
    it(`${name}: decides every ${dt} s, a change runs ${yellow} s of yellow inside the interval, the episode ends with the window`, () => {
      layout(name);
      const env = makeParallel('TrafficNetworkParallel-v0', rescoKwargs(dir, name, 'tsgym', 60)) as unknown as TrafficNetworkParallelEnv;
      try {
        env.reset({ seed: 1 });
        const [id] = env.possibleAgents;
        const agent = env.signalAgents.get(id ?? '');
        if (!agent) throw new Error('no signal');
        expect(env.engine.time).toBe(0);
        const other = (agent.phase + 1) % agent.numPhases;
        env.step({ [id ?? '']: other });
        expect(env.engine.time).toBe(dt);
        expect(agent.phase).toBe(other);
        expect(agent.greenTime).toBe(dt - yellow);
        // no minimum green beyond the interval: it may switch back at once
        env.step({ [id ?? '']: (other + 1) % agent.numPhases });
        expect(agent.greenTime).toBe(dt - yellow);
        let steps = 2;
        while (env.agents.length > 0) {
          env.step({ [id ?? '']: agent.phase });
          steps++;
        }
        expect(steps).toBe(60 / dt);
        expect(env.engine.time).toBe(60);
      } finally {
        env.close();
      }
    });
  }
});
