import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidConfig } from '../../../../src/core/errors.js';
import { make } from '../../../../src/registry/registry.js';
import '../../../../envs/traffic/index.js';
import type { TrafficNetworkEnv } from '../../../../envs/traffic/network-env/TrafficNetworkEnv.js';

const FIX = new URL('../../../fixtures/sumo/cross/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tsgym-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The cross scenario run from 500 s to 800 s with time-to-teleport 120 s, as a .sumocfg of its own. */
const cfg = join(dir, 'window.sumocfg');
writeFileSync(
  cfg,
  `<configuration><input><net-file value="${FIX}cross.net.xml"/><route-files value="${FIX}cross.rou.xml"/></input>` +
    '<time><begin value="500"/><end value="800"/></time><processing><time-to-teleport value="120"/></processing></configuration>',
);

describe("TrafficNetwork-v0 runs on the scenario's own clock", () => {
  it("starts at SUMO's begin, ends at its end, and takes its time-to-teleport", () => {
    const env = make('TrafficNetwork-v0', { network: cfg, deltaTime: 10 });
    const [, info] = env.reset({ seed: 1 });
    expect(info.time).toBe(500);
    expect((env.unwrapped as TrafficNetworkEnv).engine.opts.timeToTeleport).toBe(120);
    let steps = 0;
    let last: Record<string, unknown> = info;
    for (;;) {
      const r = env.step(0);
      steps++;
      last = r[4];
      if (r[2] || r[3]) break;
    }
    // (800 - 500) / 10 decisions, truncated at the end time
    expect(steps).toBe(30);
    expect(last.time).toBe(800);
    expect((last.metrics as Record<string, number>).inserted).toBeGreaterThan(0);
  });

  it('lets kwargs move begin and end (numSeconds is the end on the clock), and refuses an end not after begin', () => {
    const env = make('TrafficNetwork-v0', { network: cfg, deltaTime: 10, begin: 600, numSeconds: 700 });
    expect(env.reset({ seed: 1 })[1].time).toBe(600);
    let steps = 0;
    while (!env.step(0)[3]) steps++;
    expect(steps + 1).toBe(10);
    expect(() => make('TrafficNetwork-v0', { network: cfg, begin: 900 })).toThrow(InvalidConfig);
    expect(() => make('TrafficNetwork-v0', { network: cfg, begin: 900 })).toThrow(/numSeconds/);
  });

  it("steps the engine by the configuration's step-length unless simStep is given, and names a step it cannot take", () => {
    const half = join(dir, 'half.sumocfg');
    const tiny = join(dir, 'tiny.sumocfg');
    const body = `<input><net-file value="${FIX}cross.net.xml"/><route-files value="${FIX}cross.rou.xml"/></input>`;
    writeFileSync(half, `<configuration>${body}<time><begin value="0"/><end value="100"/><step-length value="0.5"/></time></configuration>`);
    writeFileSync(tiny, `<configuration>${body}<time><begin value="0"/><end value="100"/><step-length value="0.01"/></time></configuration>`);
    const env = make('TrafficNetwork-v0', { network: half, deltaTime: 5 });
    env.reset({ seed: 1 });
    const engine = (env.unwrapped as TrafficNetworkEnv).engine;
    expect(engine.dt).toBe(0.5);
    env.step(0);
    // one decision of 5 s is ten steps of 0.5 s
    expect(engine.time).toBe(5);
    expect((make('TrafficNetwork-v0', { network: half, simStep: 1 }).unwrapped as TrafficNetworkEnv).engine.dt).toBe(1);
    expect(() => make('TrafficNetwork-v0', { network: tiny })).toThrow(/step-length> 0\.01 s.*simStep/);
  });
});
