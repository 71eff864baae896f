import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../../envs/index.js';
import { checkEnv } from '../../../../src/checker/checkEnv.js';
import { InvalidConfig, SnapshotUnsupported } from '../../../../src/core/errors.js';
import type { Env } from '../../../../src/core/Env.js';
import { make, makeParallel } from '../../../../src/registry/registry.js';
import { makePolicy } from '../../../../src/policy/policyRegistry.js';
import type { TrafficNetworkEnv } from '../../../../envs/traffic/network-env/TrafficNetworkEnv.js';
import type { SumoSimulation } from '../../../../envs/traffic/sumo/SumoSimulation.js';
import { CROSS, SUMO, sumoChildrenAfter } from './sumoHelpers.js';

const open: Env<any, any>[] = [];
function net(kwargs: Record<string, unknown> = {}): Env<Float32Array, number> {
  const env = make('TrafficNetwork-v0', { network: CROSS, ...kwargs }) as Env<Float32Array, number>;
  open.push(env);
  return env;
}
const sumoOf = (env: Env<any, any>): SumoSimulation => (env.unwrapped as TrafficNetworkEnv).engine as unknown as SumoSimulation;

/** SUMO alone on the cross scenario: tripinfo (unfinished included) and summary of one run. */
function sumoAlone(seed: number): { arrived: number; meanTravelTime: number; rescoDelay: number } {
  const dir = mkdtempSync(join(tmpdir(), 'tsgym-alone-'));
  try {
    const r = spawnSync(
      'sumo',
      [
        '-c',
        CROSS,
        '--seed',
        String(seed),
        '--no-step-log',
        '--tripinfo-output',
        join(dir, 't.xml'),
        '--tripinfo-output.write-unfinished',
        '--summary-output',
        join(dir, 's.xml'),
      ],
      { encoding: 'utf8', env: { ...process.env, SUMO_HOME: '/usr/share/sumo' } },
    );
    expect(r.status).toBe(0);
    const trips = readFileSync(join(dir, 't.xml'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('<tripinfo '));
    const num = (l: string, k: string): number => Number(new RegExp(` ${k}="([^"]*)"`).exec(l)?.[1]);
    const arrived = trips.filter((l) => num(l, 'arrival') >= 0);
    const steps = readFileSync(join(dir, 's.xml'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('<step '));
    const last = steps[steps.length - 1] ?? '';
    // RESCO: per vehicle time loss + depart delay (unfinished included), plus the wait of vehicles never inserted
    const inserted = trips.reduce((a, l) => a + num(l, 'timeLoss') + num(l, 'departDelay'), 0);
    const pendingWait = steps.reduce((a, l) => a + num(l, 'waiting'), 0) - trips.reduce((a, l) => a + num(l, 'departDelay'), 0);
    return {
      arrived: arrived.length,
      meanTravelTime: arrived.reduce((a, l) => a + num(l, 'duration'), 0) / arrived.length,
      rescoDelay: (inserted + pendingWait) / (trips.length + num(last, 'waiting')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!SUMO)("TrafficNetwork envs with backend 'sumo'", () => {
  afterEach(async () => {
    for (const e of open.splice(0)) e.close();
    expect(await sumoChildrenAfter()).toEqual([]);
  });

  it('have the spaces of the tsgym backend and pass checkEnv', () => {
    const a = net();
    const b = net({ backend: 'sumo' });
    expect(b.observationSpace.toJSON()).toEqual(a.observationSpace.toJSON());
    expect(b.actionSpace.toJSON()).toEqual(a.actionSpace.toJSON());
    checkEnv(b, { steps: 12 });
  });

  it("run the 'program' policy exactly as SUMO alone with the same seed", () => {
    const env = net({ backend: 'sumo' });
    const policy = makePolicy('program', 'TrafficNetwork-v0', env);
    let [obs, info] = env.reset({ seed: 5 });
    for (;;) {
      const r = env.step(policy.act(obs, info) as number);
      [obs, info] = [r[0], r[4]];
      if (r[2] || r[3]) break;
    }
    const m = info.metrics as Record<string, number>;
    const alone = sumoAlone(sumoOf(env).seed);
    expect(m.time).toBe(3600);
    expect(m.arrived).toBe(alone.arrived);
    expect(m.meanTravelTime).toBeCloseTo(alone.meanTravelTime, 6);
    expect(m.rescoDelay).toBeCloseTo(alone.rescoDelay, 3);
  });

  it('insert yellow as the tsgym backend does, with the light state SUMO itself uses for yellow', () => {
    const defs = readFileSync('test/fixtures/sumo/cross/cross.net.xml', 'utf8');
    const states = [...defs.matchAll(/<phase duration="[^"]*"\s+state="([^"]*)"/g)].map((m) => m[1]);
    const [green0, yellow0, green1] = states;
    const stages = (backend: string): string[] => {
      const env = net({ backend, deltaTime: 1, minGreen: 5 });
      env.reset({ seed: 1 });
      const out: string[] = [];
      for (let k = 0; k < 12; k++) {
        env.step(1);
        const sim = (env.unwrapped as TrafficNetworkEnv).engine;
        out.push(`${sim.signals.phase[0]}:${sim.signals.stage[0]}`);
        if (backend === 'sumo') out[out.length - 1] += `:${sumoOf(env).traci?.trafficLight.state('C')}`;
      }
      return out;
    };
    const ours = stages('tsgym');
    const sumo = stages('sumo');
    expect(sumo.map((s) => s.split(':').slice(0, 2).join(':'))).toEqual(ours);
    // SUMO shows (for the step just done) the program's own strings: green 0, its yellow, green 1
    const shown = sumo.map((s) => s.split(':')[2]);
    const expected = ours.map((s) => {
      const [p, st] = s.split(':');
      return st === '0' ? (p === '0' ? green0 : green1) : yellow0;
    });
    expect(shown).toEqual(expected);
    expect(shown).toContain(yellow0);
  });

  it('lane statistics and waiting times are those SUMO reports for the same vehicles', () => {
    const env = net({ backend: 'sumo' });
    env.reset({ seed: 3 });
    for (let k = 0; k < 30; k++) env.step(k % 6 === 0 ? 1 : 0);
    const sim = sumoOf(env);
    const agent = (env.unwrapped as TrafficNetworkEnv).agent;
    sim.laneStats();
    const c = sim.traci;
    if (!c) throw new Error('no SUMO');
    let checked = 0;
    for (const l of agent.inLanes) {
      const id = `${sim.net.roadIds[sim.net.laneRoad[l]]}_${sim.net.laneIndex[l]}`;
      const ids = c.lane.vehicleIds(id);
      expect(sim.counters.laneVehicles[l]).toBe(ids.length);
      expect(sim.counters.laneHalting[l]).toBe(c.lane.haltingCount(id));
      const waiting = ids.reduce((a, v) => a + c.vehicle.accumulatedWaitingTime(v), 0);
      expect(sim.counters.laneWaiting[l]).toBeCloseTo(waiting, 9);
      checked += ids.length;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('refuse snapshots with the reason', () => {
    const env = net({ backend: 'sumo' });
    env.reset({ seed: 1 });
    expect(() => env.unwrapped.snapshot()).toThrow(SnapshotUnsupported);
    expect(() => env.unwrapped.snapshot()).toThrow(/backend 'sumo' keeps the simulation's state in the sumo process/);
  });

  it('name the scenario when SUMO dies in mid-episode, and leave no process', () => {
    const env = net({ backend: 'sumo' });
    env.reset({ seed: 1 });
    env.step(0);
    process.kill(sumoOf(env).traci?.process.pid ?? -1, 'SIGKILL');
    expect(() => env.step(0)).toThrow(/SUMO \(test\/fixtures\/sumo\/cross\/cross\.sumocfg\) stopped in mid-episode/);
  });

  it('TrafficNetworkParallel-v0 runs every signal of a grid in SUMO under max-pressure, with the metric names of the tsgym backend', () => {
    const metrics = (backend: string): Record<string, number> => {
      const env = makeParallel('TrafficNetworkParallel-v0', { network: 'test/fixtures/sumo/grid4/grid4.sumocfg', backend, numSeconds: 300 }) as unknown as Env<
        any,
        any
      >;
      open.push(env);
      const policy = makePolicy('max-pressure', 'TrafficNetworkParallel-v0', env);
      let [obs, infos] = (env as any).reset({ seed: 2 });
      for (;;) {
        const r = (env as any).step(policy.act(obs, infos));
        [obs, infos] = [r[0], r[4]];
        if (Object.values(r[3] as Record<string, boolean>).some(Boolean)) break;
      }
      return (Object.values(infos)[0] as { metrics: Record<string, number> }).metrics;
    };
    const ours = metrics('tsgym');
    const sumo = metrics('sumo');
    // the engine's own diagnostics (junction delay, jam detector, stops served) have no SUMO counterpart
    const engineOnly = new Set(['meanIntersectionDelay', 'jammed', 'jamEvents', 'stopsServed', 'stopsSkipped']);
    // the HCM measures per junction and approach (`A0.controlDelay`, `A0.EB.vc`, ...) are the engine's too
    expect(Object.keys(sumo).sort()).toEqual(Object.keys(ours).filter((k) => !engineOnly.has(k) && !k.includes('.')).sort());
    expect(sumo.time).toBe(300);
    expect(sumo.arrived).toBeGreaterThan(0);
  });

  it('explain bad kwargs in one line', () => {
    expect(() => make('TrafficNetwork-v0', { backend: 'sumo' })).toThrow(InvalidConfig);
    expect(() => make('TrafficNetwork-v0', { backend: 'sumo' })).toThrow(
      /backend 'sumo' runs SUMO on the scenario's own files: expected network = a \.sumocfg/,
    );
    expect(() => make('TrafficNetwork-v0', { backend: 'sumo', network: CROSS, numSeconds: -5 })).toThrow(InvalidConfig);
    expect(() => make('TrafficNetwork-v0', { backend: 'sumx', network: CROSS })).toThrow(/backend/);
  });
});
