/** One measured figure of the benchmark suite. */
export interface BenchFigure {
  /** JSON key inside its section, as DESIGN.md lists (e.g. `cartpoleRawStepsPerSec`). */
  readonly key: string;
  readonly value: number;
  /** e.g. `steps/s`, `us`, `jobs/s`. */
  readonly unit: string;
  /** What it ran on, e.g. `CartPole-v1 unwrapped, random actions, 2e6 steps, one core`. */
  readonly scenario: string;
  /** The reference tool's figure on this machine kind, when one exists (ANCHORS.md or measured). */
  readonly anchor?: { readonly name: string; readonly value: number; readonly measured: boolean };
}

/** Options every benchmark section takes. */
export interface BenchOptions {
  /** Shorter runs (for tests / smoke checks); figures are noisier. */
  readonly quick: boolean;
}

/** A benchmark section (`classic`, `vector`, `traffic`, `factory`, `agents`, `viewer`). */
export type BenchFn = (opts: BenchOptions) => Promise<BenchFigure[]>;
