import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatorError } from '../../../../src/core/errors.js';
import { TraciClient } from '../../../../envs/traffic/sumo/TraciClient.js';
import { findSumo } from '../../../../envs/traffic/sumo/process/findSumo.js';
import { liveSumoPids } from '../../../../envs/traffic/sumo/process/liveSumoProcesses.js';
import { CROSS, SUMO, sumoChildrenAfter } from './sumoHelpers.js';

const start = (args: string[] = ['-c', CROSS], opts: { answerTimeoutMs?: number } = {}): TraciClient =>
  TraciClient.start({ args: [...args, '--no-step-log'], scenario: 'cross.sumocfg', ...opts });

describe('SUMO process handling', () => {
  afterEach(async () => {
    expect(await sumoChildrenAfter()).toEqual([]);
    expect(liveSumoPids()).toEqual([]);
  });

  it('a missing sumo program is one line that says how to install it', () => {
    const err = (() => {
      try {
        findSumo('no-such-sumo-binary');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(SimulatorError);
    expect(err?.message).toContain('apt-get install sumo');
    expect(err?.message).not.toContain('\n');
  });

  it.skipIf(!SUMO)('starts sumo on a free loopback port, answers TraCI and ends it on close', () => {
    const a = start();
    const b = start();
    expect(a.process.pid).not.toBe(b.process.pid);
    expect(a.version()).toEqual([20, 'SUMO 1.15.0']);
    expect(b.simulation.time()).toBe(0);
    a.step(10);
    expect(a.simulation.time()).toBe(10);
    expect(b.simulation.time()).toBe(0);
    a.close();
    b.close();
    expect(a.process.running).toBe(false);
  });

  it.skipIf(!SUMO)("a scenario SUMO cannot load fails with SUMO's own error, naming the scenario", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-bad-'));
    try {
      copyFileSync('test/fixtures/sumo/cross/cross.net.xml', join(dir, 'cross.net.xml'));
      writeFileSync(join(dir, 'bad.rou.xml'), '<routes><vehicle id="v" depart="0" route="nowhere"/></routes>\n');
      let err: Error | undefined;
      try {
        const c = TraciClient.start({ args: ['-n', join(dir, 'cross.net.xml'), '-r', join(dir, 'bad.rou.xml')], scenario: 'bad.sumocfg' });
        c.step(1);
        c.close();
      } catch (e) {
        err = e as Error;
      }
      expect(err).toBeInstanceOf(SimulatorError);
      expect(err?.message).toMatch(/bad\.sumocfg/);
      expect(err?.message).toMatch(/sumo said: .*Error: .*nowhere/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!SUMO)('sumo killed in mid-episode is a clear error naming the scenario, and nothing is left', () => {
    const c = start();
    c.step(5);
    process.kill(c.process.pid, 'SIGKILL');
    let err: Error | undefined;
    try {
      c.step(10);
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(SimulatorError);
    expect((err as SimulatorError).retryable).toBe(true);
    expect(err?.message).toMatch(/^SUMO \(cross\.sumocfg\) stopped in mid-episode: .*killed by SIGKILL/);
    expect(c.process.running).toBe(false);
  });

  it.skipIf(!SUMO)('a hanging sumo times out and is killed', () => {
    const c = start(['-c', CROSS], { answerTimeoutMs: 1500 });
    c.step(5);
    process.kill(c.process.pid, 'SIGSTOP');
    const t0 = performance.now();
    expect(() => c.step(10)).toThrow(/did not answer within 1\.5 s: taken as hung and killed/);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(c.process.running).toBe(false);
  });
});
