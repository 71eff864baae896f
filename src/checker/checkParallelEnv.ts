import { formatValue } from '../core/assertAction.js';
import { ParallelEnv } from '../core/ParallelEnv.js';
import { Rng } from '../rng/Rng.js';
import { Space } from '../spaces/Space.js';
import type { CheckEnvOptions } from './checkEnv.js';
import { dataEquivalence } from './dataEquivalence.js';
import { fail, isRecord, snapshot } from './checkUtil.js';

function sameKeys(rec: Record<string, unknown>, agents: readonly string[], what: string): void {
  const ks = Object.keys(rec).sort();
  const want = [...agents].sort();
  if (ks.length !== want.length || ks.some((k, i) => k !== want[i])) {
    fail(`${what} must have one entry per live agent [${want.join(', ')}], got keys [${ks.join(', ')}]`);
  }
}

function checkObs(env: ParallelEnv, obs: Record<string, unknown>, where: string): void {
  for (const [agent, o] of Object.entries(obs)) {
    const space = env.observationSpace(agent);
    if (!space.contains(o)) fail(`${where}: the obs of agent '${agent}' is not within its observation space ${space.toString()}, got ${formatValue(o)}`);
  }
}

function reset(env: ParallelEnv, seed: number | undefined, where: string): unknown {
  const r: unknown = env.reset(seed === undefined ? undefined : { seed });
  if (!Array.isArray(r) || r.length !== 2) fail(`${where}: reset() must return [observations, infos], got ${formatValue(r)}`);
  const [obs, infos] = r as [unknown, unknown];
  if (!isRecord(obs)) fail(`${where}: reset() observations must be a record by agent, got ${formatValue(obs)}`);
  if (!isRecord(infos)) fail(`${where}: reset() infos must be a record by agent, got ${formatValue(infos)}`);
  const o = obs;
  sameKeys(o, env.agents, `${where}: reset() observations`);
  checkObs(env, o, where);
  return snapshot(o);
}

function rollout(env: ParallelEnv, seed: number, steps: number): unknown[] {
  const rng = new Rng(seed);
  const out: unknown[] = [reset(env, seed, `reset({ seed: ${seed} })`)];
  for (let i = 0; i < steps; i++) {
    const live = [...env.agents];
    const actions: Record<string, unknown> = {};
    for (const agent of live) actions[agent] = env.actionSpace(agent).sample(rng);
    const r: unknown = env.step(actions);
    const at = `step ${i}`;
    if (!Array.isArray(r) || r.length !== 5) {
      fail(
        `${at}: step() must return [observations, rewards, terminations, truncations, infos] (5 records), got ` +
          `${Array.isArray(r) ? `${r.length} entries` : formatValue(r)}`,
      );
    }
    const [obs, rew, term, trunc, infos] = r as unknown[];
    const names = ['observations', 'rewards', 'terminations', 'truncations', 'infos'];
    [obs, rew, term, trunc, infos].forEach((x, k) => {
      if (!isRecord(x)) fail(`${at}: step() ${names[k]} must be a record by agent, got ${formatValue(x)}`);
      for (const key of Object.keys(x)) if (!live.includes(key)) fail(`${at}: step() ${names[k]} has agent '${key}' that was not live [${live.join(', ')}]`);
    });
    checkObs(env, obs as Record<string, unknown>, at);
    for (const [agent, v] of Object.entries(rew as Record<string, unknown>)) {
      if (typeof v !== 'number' || Number.isNaN(v)) fail(`${at}: reward of agent '${agent}' must be a number, got ${formatValue(v)}`);
    }
    for (const [agent, v] of Object.entries(term as Record<string, unknown>))
      if (typeof v !== 'boolean') fail(`${at}: termination of agent '${agent}' must be a boolean, got ${formatValue(v)}`);
    for (const [agent, v] of Object.entries(trunc as Record<string, unknown>))
      if (typeof v !== 'boolean') fail(`${at}: truncation of agent '${agent}' must be a boolean, got ${formatValue(v)}`);
    for (const agent of live) {
      const done = (term as Record<string, unknown>)[agent] === true || (trunc as Record<string, unknown>)[agent] === true;
      if (done && env.agents.includes(agent)) fail(`${at}: agent '${agent}' is terminated or truncated but still in env.agents`);
    }
    out.push(snapshot(r));
    if (env.agents.length === 0) reset(env, undefined, `reset() after all agents finished at step ${i}`);
  }
  return out;
}

/**
 * `checkEnv` for multi-agent ParallelEnvs (after PettingZoo's `parallel_api_test`): spaces of every
 * possible agent are Spaces; `reset` returns records by live agent with observations in their spaces;
 * `step` returns five records keyed by live agents with numeric rewards and boolean flags; finished
 * agents leave `agents`; the same seed and actions give the same trajectory. Throws `EnvCheckError`.
 *
 * @example
 * ```ts
 * checkParallelEnv(makeParallel('TrafficGrid-v0'));
 * ```
 */
export function checkParallelEnv(env: ParallelEnv, opts: CheckEnvOptions = {}): void {
  const seed = opts.seed ?? 123;
  const steps = opts.steps ?? 20;
  if (!(env instanceof ParallelEnv)) fail(`checkParallelEnv expects a ParallelEnv, got ${formatValue(env)}`);
  if (!Array.isArray(env.possibleAgents) || env.possibleAgents.length === 0)
    fail(`possibleAgents must be a non-empty array, got ${formatValue(env.possibleAgents)}`);
  for (const agent of env.possibleAgents) {
    if (!(env.observationSpace(agent) instanceof Space)) fail(`observationSpace('${agent}') is not a Space, got ${formatValue(env.observationSpace(agent))}`);
    if (!(env.actionSpace(agent) instanceof Space)) fail(`actionSpace('${agent}') is not a Space, got ${formatValue(env.actionSpace(agent))}`);
  }
  const o1 = reset(env, seed, `reset({ seed: ${seed} })`);
  for (const agent of env.agents) if (!env.possibleAgents.includes(agent)) fail(`agent '${agent}' is live but not in possibleAgents`);
  const o2 = reset(env, seed, `second reset({ seed: ${seed} })`);
  if (!dataEquivalence(o1, o2)) fail(`not deterministic under a seed: two reset({ seed: ${seed} }) returned different observations`);
  const a = rollout(env, seed, steps);
  const b = rollout(env, seed, steps);
  if (env.spec?.nondeterministic !== true) {
    for (let i = 0; i < a.length; i++) {
      if (!dataEquivalence(a[i], b[i])) {
        fail(
          `not deterministic under a seed: with reset({ seed: ${seed} }) and the same actions, ${i === 0 ? 'the reset' : `step ${i - 1}`} returned ` +
            `${formatValue(a[i])} then ${formatValue(b[i])}`,
        );
      }
    }
  }
  if (!opts.skipRenderCheck && env.renderMode !== undefined) {
    env.reset({ seed });
    const out = env.render();
    if (env.renderMode === 'ansi' && typeof out !== 'string') fail(`render() in 'ansi' mode must return a string, got ${formatValue(out)}`);
  }
}
