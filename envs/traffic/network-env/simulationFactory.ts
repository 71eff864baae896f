import { engineSimulation } from '../env/EngineSimulation.js';
import type { SimulationFactory } from '../env/TrafficSimulation.js';
import { SumoSimulation } from '../sumo/SumoSimulation.js';
import type { BackendChoice } from './networkKwargs.js';

/**
 * The simulation factory for a TrafficNetwork env's backend: tsgym's engine, or SUMO on the scenario's
 * own files (started at the env's first reset).
 *
 * @example
 * ```ts
 * super(kwargs, simulationFactory(backend));
 * ```
 */
export function simulationFactory(backend: BackendChoice): SimulationFactory {
  if (backend.kind === 'tsgym') return engineSimulation;
  const { kind: _kind, ...scenario } = backend;
  return (spec, opts) => new SumoSimulation(spec, { scenario, ...(opts.step !== undefined ? { step: opts.step } : {}) });
}
