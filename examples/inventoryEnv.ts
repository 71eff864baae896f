/**
 * A third-party environment as a module of its own: periodic-review inventory control with lost sales.
 * Importing this file registers `Inventory-v0` and its `base-stock` baseline, with `module:
 * import.meta.url`, so worker threads (AsyncVectorEnv, RolloutPool, `--workers`) can register it too.
 * In a package of your own, import from 'tsgym' instead of '../src/index.js'. See docs/custom-envs.md.
 *
 * Use it from the CLI: tsgym eval --import ./dist/examples/inventoryEnv.js --env Inventory-v0 --policy base-stock
 */
import {
  Box,
  Discrete,
  Env,
  register,
  registerPolicy,
  registry,
  type Info,
  type Policy,
  type ResetOptions,
  type ResetResult,
  type Space,
  type StepResult,
} from '../src/index.js';

/** Keyword arguments of `Inventory-v0` (every field optional). */
export interface InventoryKwargs {
  /** Mean daily demand (Poisson). */
  demand?: number;
  /** Most units the shelf holds (orders beyond it are paid for and lost). */
  capacity?: number;
  /** Largest order per day: the action space is Discrete(maxOrder + 1). */
  maxOrder?: number;
  /** Revenue per unit sold, cost per unit ordered, holding cost per unit left at the end of the day, penalty per unit of lost demand. */
  price?: number;
  unitCost?: number;
  holdingCost?: number;
  lostSalePenalty?: number;
}

const DEFAULTS: Required<InventoryKwargs> = { demand: 4, capacity: 20, maxOrder: 10, price: 5, unitCost: 2, holdingCost: 0.5, lostSalePenalty: 1 };

/**
 * Each day: observe the stock, order `action` units (delivered at once), then a Poisson demand is served
 * from the shelf; unmet demand is lost. Reward: revenue - ordering cost - holding cost - lost-sale
 * penalty. The shelf starts empty; episodes are truncated by the registered time limit (50 days).
 *
 * @example
 * ```ts
 * const env = new InventoryEnv({ demand: 4 });
 * const [obs] = env.reset({ seed: 0 }); // Float32Array [0]
 * env.step(7); // order 7 units
 * ```
 */
export class InventoryEnv extends Env<Float32Array, number> {
  readonly observationSpace: Space<Float32Array>;
  readonly actionSpace: Discrete;
  readonly params: Required<InventoryKwargs>;
  private stock = 0;

  constructor(kwargs: InventoryKwargs = {}) {
    super();
    this.params = { ...DEFAULTS, ...kwargs };
    this.observationSpace = new Box(0, this.params.capacity, [1]) as Space<Float32Array>; // float32 Box: Float32Array values
    this.actionSpace = new Discrete(this.params.maxOrder + 1);
  }

  reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.seedRng(opts?.seed);
    this.stock = 0;
    return [Float32Array.of(this.stock), {}];
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) throw new RangeError(`Inventory-v0: action must be an order of 0..${this.params.maxOrder} units, got ${action}`);
    const p = this.params;
    this.stock = Math.min(p.capacity, this.stock + action);
    const demand = this.rng.poisson(p.demand);
    const sold = Math.min(this.stock, demand);
    this.stock -= sold;
    const lost = demand - sold;
    const reward = p.price * sold - p.unitCost * action - p.holdingCost * this.stock - p.lostSalePenalty * lost;
    return [Float32Array.of(this.stock), reward, false, false, { metrics: { sold, lost, stock: this.stock } }];
  }
}

/**
 * The base-stock (order-up-to) rule: order what brings the stock back to `level` (capped at the largest
 * order). With zero lead time and no fixed ordering cost it is the optimal policy form.
 *
 * @example
 * ```ts
 * new BaseStockPolicy(7).act(Float32Array.of(3), {}); // 4
 * ```
 */
export class BaseStockPolicy implements Policy<Float32Array, number> {
  readonly name = 'base-stock';

  constructor(readonly level: number, readonly maxOrder = DEFAULTS.maxOrder) {}

  act(obs: Float32Array, _info: Info): number {
    return Math.min(this.maxOrder, Math.max(0, this.level - Math.round(obs[0] ?? 0)));
  }
}

if (!registry.has('Inventory-v0')) {
  register({
    id: 'Inventory-v0', entryPoint: (kw) => new InventoryEnv(kw), module: import.meta.url, maxEpisodeSteps: 50,
    description: 'Periodic-review inventory with lost sales (example of a third-party env)',
  });
}
registerPolicy({
  name: 'base-stock', description: 'Order up to a level (option level, default 7)', appliesTo: (id) => id === 'Inventory-v0',
  create: (env, opts) => new BaseStockPolicy(typeof opts?.level === 'number' ? opts.level : 7, (env.unwrapped as InventoryEnv).params.maxOrder),
});
