import { Env } from '../core/Env.js';
import { formatValue } from '../core/assertAction.js';
import { Rng } from '../rng/Rng.js';
import { Space } from '../spaces/Space.js';
import { dataEquivalence } from './dataEquivalence.js';
import { fail, isRecord, snapshot } from './checkUtil.js';

/** Options of {@link checkEnv}. */
export interface CheckEnvOptions {
  /** Skip calling `render()` (default false: rendered once after a reset if `renderMode` is set). */
  skipRenderCheck?: boolean;
  /** Seed of the determinism checks and of the action sampler (default 123, as Gymnasium's checker). */
  seed?: number;
  /** Steps taken in each stepping check (default 20; episodes that end are reset). */
  steps?: number;
}

type Transition = [unknown, unknown, unknown, unknown, unknown];

function rngState(env: Env<unknown, unknown>): string {
  return JSON.stringify(env.unwrapped.rng.getState());
}

function checkReset(env: Env<unknown, unknown>, seed: number | undefined, where: string): [unknown, unknown] {
  const r: unknown = env.reset(seed === undefined ? undefined : { seed });
  if (!Array.isArray(r) || r.length !== 2) fail(`${where}: reset() must return [obs, info], got ${formatValue(r)}`);
  const [obs, info] = r as [unknown, unknown];
  if (!env.observationSpace.contains(obs)) {
    fail(`${where}: the obs returned by reset() is not within the observation space ${env.observationSpace.toString()}, got ${formatValue(obs)}`);
  }
  if (!isRecord(info)) fail(`${where}: reset() info must be a plain object, got ${formatValue(info)}`);
  return [snapshot(obs), info];
}

function checkStep(env: Env<unknown, unknown>, action: unknown, i: number): Transition {
  const r: unknown = env.step(action);
  const at = `step ${i} (action ${formatValue(action)})`;
  if (!Array.isArray(r) || r.length !== 5) {
    fail(`${at}: step() must return [obs, reward, terminated, truncated, info] (5 entries), got ${Array.isArray(r) ? `${r.length} entries` : formatValue(r)}`);
  }
  const [obs, reward, term, trunc, info] = r as Transition;
  if (!env.observationSpace.contains(obs)) {
    fail(`${at}: the obs returned by step() is not within the observation space ${env.observationSpace.toString()}, got ${formatValue(obs)}`);
  }
  if (typeof reward !== 'number' || Number.isNaN(reward)) fail(`${at}: reward must be a number (not NaN), got ${formatValue(reward)}`);
  if (typeof term !== 'boolean') fail(`${at}: terminated must be a boolean, got ${formatValue(term)}`);
  if (typeof trunc !== 'boolean') fail(`${at}: truncated must be a boolean, got ${formatValue(trunc)}`);
  if (!isRecord(info)) fail(`${at}: info must be a plain object, got ${formatValue(info)}`);
  return snapshot([obs, reward, term, trunc, info]);
}

/** Resets with `seed`, then takes `steps` actions drawn from the action space with an Rng seeded by `seed`. */
function rollout(env: Env<unknown, unknown>, seed: number, steps: number): { first: unknown; steps: Transition[] } {
  const actRng = new Rng(seed);
  const [first] = checkReset(env, seed, `reset({ seed: ${seed} })`);
  const out: Transition[] = [];
  for (let i = 0; i < steps; i++) {
    const action = env.actionSpace.sample(actRng);
    if (!env.actionSpace.contains(action)) fail(`actionSpace.sample() returned ${formatValue(action)}, not within ${env.actionSpace.toString()}`);
    const t = checkStep(env, action, i);
    out.push(t);
    if (t[2] || t[3]) checkReset(env, undefined, `reset() after the episode ended at step ${i}`);
  }
  return { first, steps: out };
}

/**
 * Checks an environment against the Env contract, mechanically, as Gymnasium's `check_env`: spaces are
 * Spaces; `reset` returns `[obs, info]` with `obs` in the observation space; `step` returns the 5-tuple
 * with a numeric reward, boolean flags, an info object and `obs` in the space; `reset({ seed })` twice
 * gives the same observation and rng state, another seed another rng state; `reset()` without a seed
 * continues the seeded stream (the same after the same seed); the same seed and actions give the same
 * trajectory. Throws `EnvCheckError` with a message naming what failed; returns normally otherwise.
 *
 * @example
 * ```ts
 * checkEnv(new CartPoleEnv());      // throws EnvCheckError if something is off
 * checkEnv(make('CartPole-v1'));    // wrapped envs work too
 * ```
 */
export function checkEnv(env: Env<unknown, unknown>, opts: CheckEnvOptions = {}): void {
  const seed = opts.seed ?? 123;
  const steps = opts.steps ?? 20;
  if (!(env instanceof Env)) fail(`checkEnv expects an Env, got ${formatValue(env)}`);
  const name = env.toString();
  if (!(env.observationSpace instanceof Space)) fail(`${name} observationSpace is not a Space, got ${formatValue(env.observationSpace)}`);
  if (!(env.actionSpace instanceof Space)) fail(`${name} actionSpace is not a Space, got ${formatValue(env.actionSpace)}`);
  const spaceRng = new Rng(seed);
  const o = env.observationSpace.sample(spaceRng);
  if (!env.observationSpace.contains(o)) fail(`${name} observationSpace.sample() returned ${formatValue(o)}, not within ${env.observationSpace.toString()}`);

  // Reset determinism (Gymnasium's check_reset_seed_determinism).
  const [obs1] = checkReset(env, seed, `reset({ seed: ${seed} })`);
  const state1 = rngState(env);
  const [obs2] = checkReset(env, seed, `second reset({ seed: ${seed} })`);
  if (!dataEquivalence(obs1, obs2)) {
    fail(
      `${name} is not deterministic under a seed: two reset({ seed: ${seed} }) returned different observations ${formatValue(obs1)} and ${formatValue(obs2)}`,
    );
  }
  if (rngState(env) !== state1)
    fail(
      `${name}: the rng state after reset({ seed: ${seed} }) differs between two calls; reset must reseed env.rng with the seed (call ` +
        `this.seedRng(opts?.seed) first in reset)`,
    );
  const [cont1] = checkReset(env, undefined, `reset() after reset({ seed: ${seed} })`);
  checkReset(env, seed, `reset({ seed: ${seed} })`);
  const [cont2] = checkReset(env, undefined, `reset() after reset({ seed: ${seed} })`);
  if (!dataEquivalence(cont1, cont2)) {
    fail(
      `${name}: reset() without a seed must continue the seeded stream, but after the same reset({ seed: ${seed} }) it returned ` +
        `${formatValue(cont1)} and then ${formatValue(cont2)}`,
    );
  }
  checkReset(env, seed, `reset({ seed: ${seed} })`);
  checkReset(env, seed + 333, `reset({ seed: ${seed + 333} })`);
  if (rngState(env) === state1)
    fail(
      `${name}: reset({ seed: ${seed + 333} }) left the rng in the same state as seed ${seed}; reset must reseed env.rng with the given seed (call ` +
        `this.seedRng(opts?.seed) first in reset)`,
    );

  // Step signature and determinism (check_step_determinism), over a few steps with seeded actions.
  const a = rollout(env, seed, steps);
  const b = rollout(env, seed, steps);
  if (env.spec?.nondeterministic !== true) {
    if (!dataEquivalence(a.first, b.first)) fail(`${name} is not deterministic under a seed: reset observations differ`);
    for (let i = 0; i < a.steps.length; i++) {
      const ta = a.steps[i];
      const tb = b.steps[i];
      const names = ['obs', 'reward', 'terminated', 'truncated', 'info'];
      for (let k = 0; k < 5; k++) {
        if (!dataEquivalence(ta[k], tb[k])) {
          fail(
            `${name} is not deterministic under a seed: with reset({ seed: ${seed} }) and the same actions, step ${i} returned ` +
              `${names[k]} ${formatValue(ta[k])} then ${formatValue(tb[k])}`,
          );
        }
      }
    }
  }

  if (!opts.skipRenderCheck && env.renderMode !== undefined) {
    if (!env.metadata.renderModes.includes(env.renderMode)) {
      fail(`${name} renderMode '${env.renderMode}' is not one of metadata.renderModes [${env.metadata.renderModes.join(', ')}]`);
    }
    env.reset({ seed });
    const out = env.render();
    if (env.renderMode === 'ansi' && typeof out !== 'string') fail(`${name} render() in 'ansi' mode must return a string, got ${formatValue(out)}`);
  }
}
