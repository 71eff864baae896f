import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidConfig, UnknownEnv } from '../../src/core/errors.js';
import { parseConfig } from '../../src/core/parseConfig.js';
import { make, makeParallel, parseEnvId, register, registry, similarIds, spec, unregister } from '../../src/registry/registry.js';
import { OrderEnforcing } from '../../src/wrappers/OrderEnforcing.js';
import { PassiveEnvChecker } from '../../src/wrappers/PassiveEnvChecker.js';
import { TimeLimit } from '../../src/wrappers/TimeLimit.js';
import { WalkEnv } from '../core/toyEnvs.js';

const Kwargs = z.object({ length: z.number().int().positive(), renderMode: z.string().optional() }).strict();
const ids: string[] = [];
function reg(id: string, extra: Record<string, unknown> = {}): void {
  register({ id, entryPoint: (kw) => new WalkEnv(parseConfig(Kwargs, kw, `${id} kwargs`).length), kwargs: { length: 100 }, ...extra });
  ids.push(id);
}

afterEach(() => {
  for (const id of ids.splice(0)) unregister(id);
});

describe('registry', () => {
  it('make applies PassiveEnvChecker, TimeLimit and OrderEnforcing (outermost) and sets spec', () => {
    reg('CartPole-v1', { maxEpisodeSteps: 3 });
    const env = make('CartPole-v1');
    expect(env).toBeInstanceOf(OrderEnforcing);
    const tl = (env as OrderEnforcing<unknown, unknown>).env;
    expect(tl).toBeInstanceOf(TimeLimit);
    expect((tl as TimeLimit<unknown, unknown>).maxEpisodeSteps).toBe(3);
    expect((tl as TimeLimit<unknown, unknown>).env).toBeInstanceOf(PassiveEnvChecker);
    expect(env.unwrapped).toBeInstanceOf(WalkEnv);
    expect(env.spec?.id).toBe('CartPole-v1');
    env.reset({ seed: 0 });
    env.step(1);
    env.step(1);
    expect(env.step(1).slice(2, 4)).toEqual([false, true]);
    expect(() => env.step(1)).toThrow(/after the episode ended/);
  });

  it('make options override the time limit and can skip the checker', () => {
    reg('Walk-v0', { maxEpisodeSteps: 3 });
    const env = make('Walk-v0', {}, { maxEpisodeSteps: 7, disableEnvChecker: true }) as OrderEnforcing<unknown, unknown>;
    expect((env.env as TimeLimit<unknown, unknown>).maxEpisodeSteps).toBe(7);
    expect((env.env as TimeLimit<unknown, unknown>).env).toBeInstanceOf(WalkEnv);
    expect(make('Walk-v0', {}, { maxEpisodeSteps: 0 })).toBeInstanceOf(OrderEnforcing);
    expect((make('Walk-v0', {}, { maxEpisodeSteps: 0 }) as OrderEnforcing<unknown, unknown>).env).toBeInstanceOf(PassiveEnvChecker);
  });

  it('merges make kwargs over the spec defaults, and the env refuses unknown kwargs', () => {
    reg('Walk-v1');
    expect((make('Walk-v1').unwrapped as WalkEnv).length).toBe(100);
    expect((make('Walk-v1', { length: 4 }).unwrapped as WalkEnv).length).toBe(4);
    expect(() => make('Walk-v1', { lenght: 4 })).toThrow(InvalidConfig);
    expect(() => make('Walk-v1', { lenght: 4 })).toThrow("Invalid Walk-v1 kwargs: unknown key 'lenght'");
    expect(() => make('Walk-v1', { length: -1 })).toThrow(/length: .*\(got -1\)/);
  });

  it('suggests close ids for an unknown id', () => {
    reg('CartPole-v1');
    reg('MountainCar-v0');
    expect(similarIds('CartPol-v1')).toContain('CartPole-v1');
    expect(() => spec('CartPol-v1')).toThrow(UnknownEnv);
    expect(() => make('CartPol-v1')).toThrow("No registered environment with id 'CartPol-v1'. Did you mean: CartPole-v1?");
    expect(() => make('CartPole-v0')).toThrow(/Did you mean: CartPole-v1/);
    let msg = '';
    try {
      make('Zzzzzzzzzz-v0');
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toBe("No registered environment with id 'Zzzzzzzzzz-v0'. See `tsgym list` for all ids.");
  });

  it('refuses malformed ids and duplicate registrations', () => {
    expect(() => parseEnvId('CartPole')).toThrow("Malformed environment id 'CartPole': expected 'Name-vN' (e.g. 'CartPole-v1')");
    expect(() => make('Cart Pole-v1')).toThrow(UnknownEnv);
    expect(parseEnvId('ns/My-Env-v12')).toEqual({ namespace: 'ns', name: 'My-Env', version: 12 });
    reg('Dup-v0');
    expect(() => reg('Dup-v0')).toThrow("Environment 'Dup-v0' is already registered");
    expect(() => register({ id: 'Bad-v0', entryPoint: () => new WalkEnv(), maxEpisodeSteps: -5 })).toThrow(/maxEpisodeSteps must be a positive integer, got -5/);
    expect(registry.has('Bad-v0')).toBe(false);
  });

  it('keeps single-agent and parallel envs apart', () => {
    reg('Walk-v2');
    expect(() => makeParallel('Walk-v2')).toThrow("'Walk-v2' is a single-agent Env: use make('Walk-v2')");
    reg('Grid-v0', { parallel: true });
    expect(() => make('Grid-v0')).toThrow(/use makeParallel\('Grid-v0'\)/);
  });
});
