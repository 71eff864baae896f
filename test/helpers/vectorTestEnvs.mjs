// Test-only envs for the vector and rollout tests. Plain ESM JavaScript so worker threads (which run
// the compiled dist/) can import it too: `setup(tsgym)` registers the envs with whichever tsgym core
// it is given (src/ in the test thread, dist/ in workers).
import { existsSync, unlinkSync } from 'node:fs';

export function setup(tsgym) {
  const { Env, ParallelEnv, Box, Discrete, Dict, MultiBinary, register, registry, assertAction } = tsgym;

  /**
   * obs = [t, resets, u] (u drawn at reset from the env rng), action in {0, 1, 2}, reward = t + 10 * action,
   * terminated when t reaches termAt (termAtOdd, when given, for envs with an odd seed). Optional faults for env seed throwSeed / exitSeed at step throwAt / exitAt.
   */
  class VecCounter extends Env {
    constructor(kw = {}) {
      super();
      this.kw = { termAt: 3, throwSeed: -1, throwAt: 2, exitSeed: -1, exitAt: 2, crashFile: '', ...kw };
      this.observationSpace = new Box(-Infinity, Infinity, [3]);
      this.actionSpace = new Discrete(3);
      this.t = 0;
      this.resets = 0;
      this.u = 0;
    }
    reset(opts) {
      this.seedRng(opts?.seed);
      this.t = 0;
      this.resets++;
      this.u = this.rng.uniform(0, 1);
      return [Float32Array.of(this.t, this.resets, this.u), { resets: this.resets }];
    }
    step(action) {
      assertAction(this.actionSpace, action);
      this.t++;
      const k = this.kw;
      if (this.rng.seed === k.throwSeed && this.t === k.throwAt) throw new Error(`VecCounter boom at t=${this.t}`);
      if (this.rng.seed === k.hangSeed && this.t === k.hangAt) for (;;); // a hung env (RolloutPool's episode timeout)
      if (this.rng.seed === k.exitSeed && this.t === k.exitAt) {
        if (k.crashFile === '') process.exit(3);
        let mine = false;
        try {
          if (existsSync(k.crashFile)) {
            unlinkSync(k.crashFile);
            mine = true;
          }
        } catch {
          mine = false;
        }
        if (mine) process.exit(3);
      }
      const termAt = k.termAtOdd !== undefined && this.rng.seed % 2 === 1 ? k.termAtOdd : k.termAt;
      const terminated = this.t >= termAt;
      const info = terminated ? { t: this.t, metrics: { t: this.t } } : { t: this.t };
      return [Float32Array.of(this.t, this.resets, this.u), this.t + 10 * action, terminated, false, info];
    }
  }

  /** Dict observation with an action mask: { actionMask: MultiBinary(3), id: Discrete(2), pos: Box(-1, 1, [2]) }. */
  class VecDict extends Env {
    constructor() {
      super();
      this.observationSpace = new Dict({ pos: new Box(-1, 1, [2]), id: new Discrete(2), actionMask: new MultiBinary(3) });
      this.actionSpace = new Discrete(3);
      this.t = 0;
    }
    obs() {
      return { pos: Float32Array.of(this.t / 10, -this.t / 10), id: this.t % 2, actionMask: Int8Array.of(1, this.t % 2, 1) };
    }
    reset(opts) {
      this.seedRng(opts?.seed);
      this.t = 0;
      return [this.obs(), {}];
    }
    step(action) {
      assertAction(this.actionSpace, action);
      this.t++;
      return [this.obs(), action, this.t >= 5, false, {}];
    }
  }

  /** Two agents a, b for 3 steps; rewards a: 1 + action, b: 2; per-agent metrics and an env-level `metrics`. */
  class VecDuo extends ParallelEnv {
    constructor() {
      super();
      this.possibleAgents = ['a', 'b'];
      this.t = 0;
    }
    get metrics() {
      return { envSteps: this.t };
    }
    observationSpace() {
      return new Box(0, 10, [1]);
    }
    actionSpace() {
      return new Discrete(2);
    }
    reset(opts) {
      this.seedRng(opts?.seed);
      this.t = 0;
      this.agents = ['a', 'b'];
      return [{ a: Float32Array.of(0), b: Float32Array.of(0) }, { a: {}, b: {} }];
    }
    step(actions) {
      this.t++;
      const done = this.t >= 3;
      const obs = { a: Float32Array.of(this.t), b: Float32Array.of(this.t) };
      const rewards = { a: 1 + actions.a, b: 2 };
      const flags = { a: done, b: done };
      const infos = { a: { metrics: { who: 1, t: this.t } }, b: { metrics: { who: 2 } } };
      if (done) this.agents = [];
      return [obs, rewards, flags, { a: false, b: false }, infos];
    }
  }

  const add = (spec) => {
    if (!registry.has(spec.id)) register(spec);
  };
  add({ id: 'VecCounter-v0', entryPoint: (kw) => new VecCounter(kw) });
  add({ id: 'VecCounterTrunc-v0', entryPoint: (kw) => new VecCounter({ termAt: 100, ...kw }), maxEpisodeSteps: 2 });
  add({ id: 'VecDict-v0', entryPoint: () => new VecDict() });
  add({ id: 'VecDuo-v0', entryPoint: () => new VecDuo(), parallel: true });
}

/** This module's path, for `setupModules`. */
export const SETUP_MODULE = new URL(import.meta.url).pathname;
