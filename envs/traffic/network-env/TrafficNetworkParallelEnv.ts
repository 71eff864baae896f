import type { ParallelStepResult } from '../../../src/core/ParallelEnv.js';
import { TrafficGridEnv } from '../env/TrafficGridEnv.js';
import type { NetworkSpec } from '../network/NetworkSpec.js';
import type { ImportedNetwork } from '../import/ImportedNetwork.js';
import { networkKwargs } from './networkKwargs.js';
import { restoreTiming, snapshotRunsPrograms } from './signalPrograms.js';
import { simulationFactory } from './simulationFactory.js';

/**
 * `TrafficNetworkParallel-v0`: every signalized intersection of an imported network (SUMO or CityFlow,
 * kwarg `network`) is an agent of a PettingZoo-style ParallelEnv, with the actions, observations and
 * rewards of `TrafficGrid-v0` and the phases (and yellow/all-red times) of its imported program.
 * `runPrograms()` (the `program` policy) runs every imported program as it is, ignoring actions. With
 * `backend: 'sumo'` the same env runs on SUMO itself through TraCI (see docs/sumo-backend.md).
 *
 * @example
 * ```ts
 * const env = makeParallel('TrafficNetworkParallel-v0', { network: '../shared/data/cityflow/jinan_3x4' });
 * const [obs] = env.reset({ seed: 0 });
 * ```
 */
export class TrafficNetworkParallelEnv extends TrafficGridEnv {
  /** The network as imported (timing as in the source files), or the default scenario's without `network`. */
  readonly network: NetworkSpec;
  readonly imported: ImportedNetwork | undefined;
  private programs = false;

  constructor(kwargs: Record<string, unknown> = {}) {
    const { spec, imported, rest, backend } = networkKwargs(kwargs, 'TrafficNetworkParallel-v0');
    super(spec ? { ...rest, network: spec } : rest, simulationFactory(backend));
    this.network = spec ?? this.engine.net.spec;
    this.imported = imported;
    if (spec) restoreTiming(this.engine.signals, spec, { yellow: kwargs.yellowTime === undefined, allRed: kwargs.allRedTime === undefined });
    this.metadata = { ...this.metadata, description: 'Control every signal of an imported SUMO or CityFlow network, one agent per intersection' };
  }

  /** Runs every signal on its imported program from the next reset on (actions are then ignored). */
  runPrograms(): void {
    this.programs = true;
    for (let s = 0; s < this.engine.signals.nSignals; s++) this.engine.runProgram(s);
  }

  /** The parent's snapshot plus whether the imported programs run (`runPrograms()`). */
  override snapshot(): unknown {
    return { ...(super.snapshot() as object), programs: this.programs };
  }

  override restore(snapshot: unknown): void {
    if (snapshotRunsPrograms(snapshot, this.programs, this.constructor.name)) this.runPrograms();
    super.restore(snapshot);
  }

  override step(actions: Record<string, number>): ParallelStepResult<string, Float32Array> {
    if (!this.programs) return super.step(actions);
    const keep: Record<string, number> = {};
    for (const [id, a] of this.signalAgents) keep[id] = a.phase;
    return super.step(keep);
  }
}
