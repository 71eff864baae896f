import { z } from 'zod';
import { parseConfig } from '../../../src/core/parseConfig.js';
import { gridNetwork, type GridScenarioInput } from '../scenarios/gridNetwork.js';
import { parseNetworkSpec, type NetworkSpec } from '../network/NetworkSpec.js';
import { OBSERVATION_EXTRAS } from './ObservationExtras.js';
import { REWARD_NAMES, type ObservationFn, type RewardFn } from './TrafficSignalAgent.js';
import { compassObservation } from './compassObservation.js';
import { jinanIntersection } from './jinanIntersection.js';
import { InvalidConfig } from '../../../src/core/errors.js';

const fn = <T>(what: string) => z.custom<T>((v) => typeof v === 'function', { message: `expected a function (${what})` });

/** Keyword arguments of `TrafficSignal-v0` and `TrafficGrid-v0` (sumo-rl's names in camelCase). */
export const TrafficEnvConfigSchema = z
  .object({
    /** Built-in scenario (grid builder options, see `GridScenarioSchema`, or the preset's); ignored when `network` is given. */
    scenario: z.record(z.string(), z.unknown()).optional(),
    /** `jinan`: one intersection laid out as those of CityFlow's Jinan 3x4 (see `jinanIntersection`); `scenario` then holds its options. */
    preset: z.enum(['jinan']).optional(),
    /**
     * TrafficSignal-v0: `canonical` orders observation and actions by compass approach, lane movement and
     * phase movements (see `CanonicalLayout`) so policies transfer between intersections; default `native`.
     */
    layout: z.enum(['native', 'canonical']).default('native'),
    /** With the canonical layout: count only vehicles within this many metres of the stop line (default: the whole lane). */
    detectionRange: z.number().positive().optional(),
    /** A whole network description (e.g. imported); its signal programs give the phases. */
    network: z.unknown().optional(),
    /** TrafficSignal-v0: node id of the controlled intersection (default: the only/first signal). */
    signal: z.string().optional(),
    /** Seconds between actions (sumo-rl delta_time). */
    deltaTime: z.number().positive().default(5),
    yellowTime: z.number().nonnegative().default(3),
    allRedTime: z.number().nonnegative().default(0),
    minGreen: z.number().nonnegative().default(5),
    maxGreen: z.number().positive().default(50),
    /**
     * End of an episode on the simulation clock (s), which starts at `begin`: an episode lasts
     * `numSeconds - begin` simulated seconds (then truncated). Imported SUMO scenarios default to their
     * `time/end`.
     */
    numSeconds: z.number().positive().default(3600),
    /** Simulation clock at reset (s), SUMO's `time/begin`; imported scenarios default to theirs. Vehicles due before it are dropped. */
    begin: z.number().nonnegative().default(0),
    /** SUMO's time-to-teleport (s) for vehicles stuck at the front of a lane; -1: never. Imported SUMO scenarios default to theirs (SUMO: 300). */
    timeToTeleport: z.number().default(-1),
    /** SUMO's time-to-impatience (s); 0: never impatient. Imported SUMO scenarios default to theirs (SUMO: 180). */
    timeToImpatience: z.number().nonnegative().default(180),
    /** SUMO's max-depart-delay (s): vehicles not inserted this long after their departure time are discarded; -1: never. */
    maxDepartDelay: z.number().default(-1),
    /** Simulation step (s). */
    simStep: z.number().min(0.1).max(2).default(1),
    model: z.enum(['idm', 'krauss']).default('idm'),
    rightTurnOnRed: z.boolean().default(false),
    /** Built-in reward name or a function of the agent. */
    reward: z.union([z.enum(REWARD_NAMES), fn<RewardFn>('agent => number')]).default('diff-waiting-time'),
    /** Factor on every reward (opt-in, e.g. 0.1 with `queue` to keep returns near unit scale); default 1. */
    rewardScale: z.number().positive().default(1),
    /** A function of the agent returning a Float32Array observation (default: phase, min-green, density, queue). */
    observation: fn<ObservationFn>('agent => Float32Array').optional(),
    /**
     * Order of the incoming lanes in the default observation: the network's road order, or 'compass' (N, E,
     * S, W: the same layout at every intersection, for parameter sharing). Ignored with `observation`.
     */
    laneOrder: z.enum(['network', 'compass']).default('network'),
    /** TrafficSignal-v0: opt-in features appended after the default observation (see `OBSERVATION_EXTRAS`); default none. */
    observationExtras: z.array(z.enum(OBSERVATION_EXTRAS)).default([]),
    renderMode: z.enum(['ansi']).optional(),
  })
  .strict()
  .refine((c) => c.minGreen <= c.maxGreen, { message: 'minGreen must be <= maxGreen', path: ['minGreen'] })
  .refine((c) => c.numSeconds > c.begin, { message: 'numSeconds (the end on the simulation clock) must be after begin', path: ['numSeconds'] });

/** Validated env kwargs. */
export type TrafficEnvConfig = z.output<typeof TrafficEnvConfigSchema>;

/**
 * Validates env kwargs and builds the network they describe with the env's timing (yellow, all-red,
 * min/max green) written into every phase.
 *
 * @example
 * ```ts
 * const { cfg, spec } = trafficEnvSetup({ scenario: { lanes: 2, demand: 600 } }, 'TrafficSignal-v0', {});
 * ```
 */
export function trafficEnvSetup(kwargs: unknown, what: string, scenarioDefaults: GridScenarioInput): { cfg: TrafficEnvConfig; spec: NetworkSpec } {
  const cfg = parseConfig(TrafficEnvConfigSchema, kwargs ?? {}, `${what} kwargs`);
  if (cfg.layout === 'canonical' && what === 'TrafficGrid-v0')
    throw new InvalidConfig(
      `${what} kwargs: layout: 'canonical' is for single-intersection envs (TrafficSignal-v0, TrafficNetwork-v0), got it for ${what} (TrafficGrid-v0 has ` +
        `laneOrder: 'compass' for parameter sharing)`,
    );
  if (cfg.layout === 'canonical' && (cfg.laneOrder === 'compass' || cfg.observation))
    throw new InvalidConfig(
      `${what} kwargs: layout: 'canonical' builds its own observation; it cannot be combined with ${cfg.observation ? 'observation' : "laneOrder: 'compass'"}`,
    );
  if (cfg.layout === 'canonical' && cfg.observationExtras.length > 0)
    throw new InvalidConfig(`${what} kwargs: observationExtras: expected none with layout: 'canonical' (its feature names are the transfer contract)`);
  if (cfg.laneOrder === 'compass' && cfg.observationExtras.length > 0)
    throw new InvalidConfig(`${what} kwargs: observationExtras: expected none with laneOrder: 'compass'`);
  if (cfg.laneOrder === 'compass' && !cfg.observation) cfg.observation = compassObservation;
  const raw =
    cfg.network ??
    (cfg.preset === 'jinan'
      ? jinanIntersection(cfg.scenario ?? {}, `${what} kwargs.scenario`)
      : gridNetwork({ ...scenarioDefaults, ...(cfg.scenario ?? {}) }, `${what} kwargs.scenario`));
  const spec = parseNetworkSpec(raw, `${what} network`);
  for (const s of spec.signals) {
    for (const ph of s.phases) {
      ph.yellow = cfg.yellowTime;
      ph.allRed = cfg.allRedTime;
      ph.minGreen = cfg.minGreen;
      ph.maxGreen = cfg.maxGreen;
      ph.duration = Math.min(cfg.maxGreen, Math.max(cfg.minGreen, ph.duration));
    }
  }
  return { cfg, spec };
}
