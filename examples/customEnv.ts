/**
 * Writing a new environment: a one-dimensional "walk to the goal" task. Subclass Env, declare spaces,
 * seed from reset, register an id, check it with checkEnv, then use it like any built-in env.
 *
 * Run: node dist/examples/customEnv.js
 */
import {
  Box,
  Discrete,
  Env,
  type Space,
  checkEnv,
  make,
  makePolicy,
  register,
  runEpisode,
  summarize,
  type ResetOptions,
  type ResetResult,
  type StepResult,
} from '../src/index.js';

class GoalWalkEnv extends Env<Float32Array, number> {
  readonly observationSpace = new Box(-10, 10, [1]) as Space<Float32Array>; // Box elements are typed arrays: float32 here
  readonly actionSpace = new Discrete(2); // 0 = left, 1 = right
  override metadata = { renderModes: ['ansi'], description: 'Walk from a random start to x = 5' } as const;
  private x = 0;

  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed); // a seed reseeds, no seed continues the stream (Gymnasium semantics)
    this.x = this.rng.integers(-5, 5);
    return [Float32Array.of(this.x), {}];
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) throw new RangeError(`action must be 0 or 1, got ${action}`);
    // a slippery floor: 10 % of the time the move goes the other way
    const dir = (action === 1 ? 1 : -1) * (this.rng.random() < 0.1 ? -1 : 1);
    this.x = Math.max(-10, Math.min(10, this.x + dir));
    const terminated = this.x === 5;
    return [Float32Array.of(this.x), terminated ? 1 : -0.01, terminated, false, { metrics: { distance: Math.abs(5 - this.x) } }];
  }

  override render(): string {
    return Array.from({ length: 21 }, (_, i) => (i - 10 === this.x ? 'o' : i - 10 === 5 ? '|' : '.')).join('');
  }
}

register({ id: 'GoalWalk-v0', entryPoint: () => new GoalWalkEnv(), module: import.meta.url, maxEpisodeSteps: 100, description: 'Walk to x = 5' });

checkEnv(new GoalWalkEnv()); // spaces, signatures, determinism under a seed: throws EnvCheckError if broken

const env = make('GoalWalk-v0'); // with PassiveEnvChecker, TimeLimit(100), OrderEnforcing
const random = makePolicy('random', 'GoalWalk-v0', env); // the generic random baseline works on any env
const returns = Array.from({ length: 20 }, (_, i) => runEpisode(env, random, i).return);
const s = summarize(returns);
console.log(`GoalWalk-v0, random policy: mean return ${s.mean.toFixed(3)} (95% CI ${s.low.toFixed(3)} .. ${s.high.toFixed(3)}) over 20 seeds`);
const right = { name: 'always-right', act: () => 1 };
const r = runEpisode(env, right, 0);
console.log(`GoalWalk-v0, always-right: return ${r.return.toFixed(2)} in ${r.length} steps`);
env.close();
// Workers (RolloutPool, AsyncVectorEnv) import the module given at register(): this file also runs the
// demo above when imported, so an env meant for workers lives in a module of its own (see inventoryEnv.ts).
