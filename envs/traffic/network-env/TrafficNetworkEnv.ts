import type { StepResult } from '../../../src/core/types.js';
import { TrafficSignalEnv } from '../env/TrafficSignalEnv.js';
import type { NetworkSpec } from '../network/NetworkSpec.js';
import type { ImportedNetwork } from '../import/ImportedNetwork.js';
import { networkKwargs } from './networkKwargs.js';
import { restoreTiming, snapshotRunsPrograms } from './signalPrograms.js';
import { simulationFactory } from './simulationFactory.js';

/**
 * `TrafficNetwork-v0`: one agent controls one signalized intersection (`signal`, default the first) of
 * any imported network (SUMO or CityFlow, kwarg `network`); every other signal runs its imported
 * program with its offset. Actions, observations and rewards are those of `TrafficSignal-v0`; the phases
 * and their yellow/all-red times come from the imported program. With `backend: 'sumo'` the same env
 * runs on SUMO itself through TraCI (see docs/sumo-backend.md). `runPrograms()` (used by the `program`
 * policy) makes the controlled signal run its imported program too, ignoring actions.
 *
 * @example
 * ```ts
 * const env = make('TrafficNetwork-v0', { network: 'test/fixtures/sumo/cross/cross.sumocfg' });
 * const [obs, info] = env.reset({ seed: 0 });
 * ```
 */
export class TrafficNetworkEnv extends TrafficSignalEnv {
  /** The network as imported (timing as in the source files), or the default scenario's without `network`. */
  readonly network: NetworkSpec;
  readonly imported: ImportedNetwork | undefined;
  private programs = false;

  constructor(kwargs: Record<string, unknown> = {}) {
    const { spec, imported, rest, backend } = networkKwargs(kwargs, 'TrafficNetwork-v0');
    super(spec ? { ...rest, network: spec } : rest, simulationFactory(backend));
    this.network = spec ?? this.engine.net.spec;
    this.imported = imported;
    if (spec) restoreTiming(this.engine.signals, spec, { yellow: kwargs.yellowTime === undefined, allRed: kwargs.allRedTime === undefined });
    for (let s = 0; s < this.engine.signals.nSignals; s++) if (s !== this.agent.signal) this.engine.runProgram(s);
    this.metadata = { ...this.metadata, description: 'Control one signal of an imported SUMO or CityFlow network; the others run their programs' };
  }

  /** Runs every signal, the controlled one included, on its imported program from the next reset on (actions are then ignored). */
  runPrograms(): void {
    this.programs = true;
    this.engine.runProgram(this.agent.signal);
  }

  /** The parent's snapshot plus whether the imported programs run (`runPrograms()`). */
  override snapshot(): unknown {
    return { ...(super.snapshot() as object), programs: this.programs };
  }

  override restore(snapshot: unknown): void {
    if (snapshotRunsPrograms(snapshot, this.programs, this.constructor.name)) this.runPrograms();
    super.restore(snapshot);
  }

  override step(action: number): StepResult<Float32Array> {
    return super.step(this.programs ? this.actionOfPhase(this.agent.phase) : action);
  }
}
