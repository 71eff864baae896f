import { z } from 'zod';
import { parseConfig } from '../../../src/core/parseConfig.js';
import { DemandSpecSchema, VehicleTypeSpecSchema } from './DemandSpec.js';
import { checkNetworkReferences } from './checkNetworkReferences.js';
export * from './DemandSpec.js';

/*
 * The network description: plain JSON, validated by zod, consumed by the engine (compileNetwork) and
 * produced by the scenario builders and the SUMO/CityFlow importers. Units: metres, seconds, m/s, veh/h.
 * Lane 0 is the rightmost lane (as SUMO). Ids are strings here and integers inside the engine.
 */

const id = z.string().min(1, 'expected a non-empty id');
const point = z.tuple([z.number(), z.number()]);
const shape = z.array(point).min(2, 'expected at least 2 points');
const nonneg = z.number().nonnegative();

/** Movement directions: left, straight (through), right, turn-around (U-turn). */
export const DIRECTIONS = ['l', 's', 'r', 't'] as const;
/** A movement direction (`l` left, `s` straight, `r` right, `t` U-turn). */
export type Direction = (typeof DIRECTIONS)[number];

/** A node: `signalized` (has a signal program), `priority` (unsignalized, minor roads yield) or `boundary` (where vehicles enter and leave). */
export const NodeSpecSchema = z
  .object({
    id,
    type: z.enum(['signalized', 'priority', 'boundary']),
    x: z.number(),
    y: z.number(),
    /** Distance from the node centre to where roads end when they have no shape (default 0 for boundary, 12 m otherwise). */
    radius: nonneg.optional(),
  })
  .strict();

/**
 * Where a lane came from in a SUMO net: its id and its position among the net file's `<lane>` elements
 * (SUMO's numerical lane id). SUMO visits the lanes for lane changing in an order made of both
 * (`MSEdgeControl`), which the engine follows when they are given.
 */
export const SumoLaneRefSchema = z.object({ id: z.string().min(1), order: z.number().int().nonnegative() }).strict();

/** One lane of a road. Index = position in `lanes`, 0 = rightmost. */
export const LaneSpecSchema = z
  .object({
    /** Speed limit (m/s); defaults to the road's. */
    speed: z.number().positive().optional(),
    /** Length (m); defaults to the length of `shape` (or of the road). */
    length: z.number().positive().optional(),
    width: z.number().positive().default(3.2),
    /** Movements this lane may take; defaults to those of its connections. */
    movements: z.array(z.enum(DIRECTIONS)).optional(),
    /** Centre line of the lane; defaults to the road shape offset to the right by the lane's position. */
    shape: shape.optional(),
    /** Vehicle classes allowed on the lane (SUMO vClass names); default: every class. */
    allow: z.array(z.string().min(1)).optional(),
    /** The SUMO lane it was imported from. */
    sumo: SumoLaneRefSchema.optional(),
  })
  .strict();

/** A directed road (edge) from one node to another, with its lanes. */
export const RoadSpecSchema = z
  .object({
    id,
    from: id,
    to: id,
    lanes: z.array(LaneSpecSchema).min(1, 'expected at least one lane'),
    /** Speed limit (m/s) of every lane without its own (default 13.89 = 50 km/h). */
    speed: z.number().positive().default(13.89),
    /**
     * Reference line: the left edge of the road (the centre line of a two-way street), in driving direction.
     * Default: node to node, trimmed by the node radii.
     */
    shape: shape.optional(),
    /** Higher priority roads go first at `priority` nodes (as SUMO). */
    priority: z.number().int().default(0),
    /** Part of a roundabout (SUMO's `<roundabout edges>`): drivers going on around it prefer its inner lanes. */
    roundabout: z.boolean().optional(),
  })
  .strict();

/** One internal lane of a connection's path through the junction (as SUMO's internal lanes). */
export const InternalLaneSpecSchema = z
  .object({ length: z.number().positive(), speed: z.number().positive(), shape: shape.optional(), sumo: SumoLaneRefSchema.optional() })
  .strict();

/**
 * Right of way of a connection at an unsignalized junction (SUMO link states): major, minor, equal (right before left),
 * stop, all-way stop, zipper, unregulated.
 */
export const LINK_STATES = ['M', 'm', '=', 's', 'w', 'Z', 'O'] as const;

/**
 * A lane-to-lane movement through the node where road `from` ends and road `to` begins. Its index in
 * `connections` is its id. The right-of-way fields (`via`, `state`, `foes`, `response`, `internal*`)
 * come from SUMO's `<request>` logic when imported; without them the engine derives them from geometry,
 * road priorities and movement directions.
 */
export const ConnectionSpecSchema = z
  .object({
    from: id,
    fromLane: z.number().int().nonnegative(),
    to: id,
    toLane: z.number().int().nonnegative(),
    dir: z.enum(DIRECTIONS),
    /** Internal path through the junction; default: a smooth curve from lane end to lane start. */
    shape: shape.optional(),
    /** Internal lanes in driving order (1, or 2 when the vehicle waits at an internal junction between them, as a permitted left turn). */
    via: z.array(InternalLaneSpecSchema).min(1).max(3).optional(),
    /** Right of way at an unsignalized junction (default: by road priority). */
    state: z.enum(LINK_STATES).optional(),
    /** Connections whose paths cross or merge with this one. */
    foes: z.array(z.number().int().nonnegative()).optional(),
    /** Connections this one must yield to (when unsignalized, or on a permitted green). */
    response: z.array(z.number().int().nonnegative()).optional(),
    /** With two `via` lanes: the connections whose approaching vehicles the internal junction waits for. */
    internalResponse: z.array(z.number().int().nonnegative()).optional(),
    /** With two `via` lanes: internal lanes ([connection, via index]) that must be clear at the internal junction. */
    internalFoes: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).optional(),
    /** Do not enter the junction without room behind it (SUMO keepClear). */
    keepClear: z.boolean().default(true),
    /** Distance (m) before the stop line from which a driver on a minor link sees the foe roads (SUMO visibility). */
    visibility: nonneg.default(4.5),
    /**
     * Radius (m) of a left turn or U-turn (SUMO's link radius, imported nets): a foe whose back has passed
     * the crossing point still counts as a leader within the sagitta of a chord of the driver's length + 2 m.
     */
    turnRadius: z.number().positive().optional(),
    /**
     * Length (m) of the link in the junction's time windows when it differs from its path's (SUMO's nets
     * without internal lanes: vehicles jump from one lane to the next, but the link is as long as the
     * straight line between them, which sets how long a driver holds the junction).
     */
    linkLength: nonneg.optional(),
  })
  .strict();

/** A signal phase: the protected (green) and permitted (green, yield to conflicting traffic) connections and its timing. */
export const PhaseSpecSchema = z
  .object({
    name: z.string().optional(),
    /** Connection indices with protected green. They must not conflict with each other. */
    protected: z.array(z.number().int().nonnegative()),
    /** Connection indices with permitted green (gap acceptance against conflicting movements). */
    permitted: z.array(z.number().int().nonnegative()).default([]),
    /** Connection indices that may go after a full stop, yielding, whenever they are not green (SUMO 's': right turn on red). */
    stop: z.array(z.number().int().nonnegative()).default([]),
    /** Green time in the fixed-time plan (s). */
    duration: z.number().positive(),
    /** Minimum green (s), default 5 (or `duration` if shorter). */
    minGreen: nonneg.optional(),
    /** Maximum green (s), default max(60, duration). */
    maxGreen: z.number().positive().optional(),
    /** Yellow after this phase (s). */
    yellow: nonneg.default(3),
    /** All-red after the yellow (s). */
    allRed: nonneg.default(0),
  })
  .strict();

/**
 * SUMO's gap-based actuation (`type="actuated"`, its defaults): an induction loop on each incoming lane
 * of an actuated green, `detectorGap` seconds of travel at the lane's speed limit before the stop line;
 * a step with `minDur < maxDur` is extended while one of its loops saw a vehicle less than `maxGap`
 * seconds ago.
 */
export const ActuatedSpecSchema = z
  .object({
    /** Longest time gap (s) between vehicles that still extends the green (SUMO `max-gap`). */
    maxGap: z.number().positive().default(3),
    /** Time (s) a vehicle needs to pass the stop line, for placing the loops (SUMO `passing-time`). */
    passingTime: z.number().positive().default(1.9),
    /** Distance of the loops from the stop line in seconds at the speed limit (SUMO `detector-gap`). */
    detectorGap: nonneg.default(2),
    /** A loop occupied this long (s) is ignored as jammed; <= 0 never (SUMO `jam-threshold`). */
    jamThreshold: z.number().default(-1),
    /** `maxGap` of the loop of one lane, by SUMO lane id (`road_index`). */
    laneMaxGap: z.record(z.string(), z.number().positive()).default({}),
    /** Lanes (SUMO lane ids) without a loop (SUMO's `NO_DETECTOR`). */
    noDetector: z.array(z.string()).default([]),
    /** Number of leading entries of `links` that belong to the program (later ones are uncontrolled connections). */
    width: z.number().int().nonnegative().optional(),
  })
  .strict();

/**
 * SUMO's time-loss-based actuation (`type="delay_based"`): a lane-area detector covers the last
 * `detectorRange` metres before the stop line of each controlled lane; a green step is kept, up to its
 * maxDur, while a vehicle on one of its green lanes that has lost more than `minTimeLoss` seconds can
 * still reach the stop line in time, and beyond maxDur while nobody waits at red.
 */
export const DelayBasedSpecSchema = z
  .object({
    /** Length (m) of each lane's detector (SUMO `detectorRange`, option `tls.delay_based.detector-range`). */
    detectorRange: z.number().positive().default(100),
    /** Time loss (s) above which a vehicle on a green lane extends the green (SUMO `minTimeloss`). */
    minTimeLoss: nonneg.default(1),
    /** Number of leading entries of `links` that belong to the program (later ones are uncontrolled connections). */
    width: z.number().int().nonnegative().optional(),
  })
  .strict();

/** Signal characters of a raw program (SUMO's): G g y/Y r/R u s o O. */
const SIGNAL_STATE = z.string().regex(/^[GgyYrRusoO]*$/, 'expected signal characters G g y Y r R u s o O');

/**
 * A signal program exactly as written (SUMO's `tlLogic`): every phase with its duration and one
 * character per entry of `links` (the connections each character controls). Under a fixed-time plan the
 * engine runs it as is; `green` names the phase of `phases` each step belongs to (for observations).
 */
export const RawProgramSpecSchema = z
  .object({
    links: z.array(z.array(z.number().int().nonnegative())),
    steps: z
      .array(
        z
          .object({
            duration: nonneg,
            state: SIGNAL_STATE,
            green: z.number().int().nonnegative(),
            kind: z.enum(['green', 'yellow', 'red']),
            /** Actuated programs: shortest and longest duration of the step (s); both default to `duration` (not actuated). */
            minDur: nonneg.optional(),
            maxDur: nonneg.optional(),
          })
          .strict(),
      )
      .min(1),
    /** The SUMO `tlLogic` id; copies of one program at several junctions share it (an actuated program decides once for all). */
    tl: z.string().min(1).optional(),
    /** Present for an actuated program (SUMO `type="actuated"`): gap-based extension of the steps with `minDur < maxDur`. */
    actuated: ActuatedSpecSchema.optional(),
    /** Present for a time-loss-based program (SUMO `type="delay_based"`). */
    delayBased: DelayBasedSpecSchema.optional(),
  })
  .strict();

/** The signal program of one signalized node: a cycle of phases with an offset. */
export const SignalSpecSchema = z
  .object({
    node: id,
    /** Offset (s) of the fixed-time plan: phase 0 starts at `t = offset` (mod cycle, from the simulation begin). */
    offset: nonneg.default(0),
    phases: z.array(PhaseSpecSchema).min(1, 'expected at least one phase'),
    /** The program as written, run step by step under the fixed-time plan (imported SUMO programs); `offset` applies to it. */
    program: RawProgramSpecSchema.optional(),
  })
  .strict();

const NetworkBaseSchema = z
  .object({
    format: z.literal('tsgym-network').default('tsgym-network'),
    version: z.literal(1).default(1),
    name: z.string().optional(),
    nodes: z.array(NodeSpecSchema).min(1, 'expected at least one node'),
    roads: z.array(RoadSpecSchema).min(1, 'expected at least one road'),
    connections: z.array(ConnectionSpecSchema).default([]),
    signals: z.array(SignalSpecSchema).default([]),
    vehicleTypes: z.array(VehicleTypeSpecSchema).default([]),
    demand: DemandSpecSchema.default({
      flows: [], vehicles: [], typeDistributions: [], routeDistributions: [], turning: [], parkingAreas: [], stoppingPlaces: [],
    }),
  })
  .strict();

/** A network as zod reads it before the cross-reference checks. */
export type NetworkBase = z.output<typeof NetworkBaseSchema>;

/** The zod schema of a whole network (structure and cross references). */
export const NetworkSpecSchema = NetworkBaseSchema.superRefine((net, ctx) => {
  checkNetworkReferences(net, (message, path) => ctx.addIssue({ code: 'custom', message, path }));
});

/** A validated network description (defaults filled in). */
export type NetworkSpec = z.output<typeof NetworkSpecSchema>;
/** A network description as written (defaults optional). */
export type NetworkSpecInput = z.input<typeof NetworkSpecSchema>;
export type NodeSpec = z.output<typeof NodeSpecSchema>;
export type LaneSpec = z.output<typeof LaneSpecSchema>;
export type RoadSpec = z.output<typeof RoadSpecSchema>;
export type ConnectionSpec = z.output<typeof ConnectionSpecSchema>;
export type PhaseSpec = z.output<typeof PhaseSpecSchema>;
export type SignalSpec = z.output<typeof SignalSpecSchema>;
export type InternalLaneSpec = z.output<typeof InternalLaneSpecSchema>;

/**
 * Validates a network description (structure, cross references, conflicting protected movements,
 * impossible timings, negative flows) and returns it with defaults filled in, or throws `InvalidConfig`
 * naming each bad field path.
 *
 * @example
 * ```ts
 * const net = parseNetworkSpec(JSON.parse(text));
 * // InvalidConfig: Invalid network: connections[3].to: lane points to a missing road 'E9' (got "E9")
 * ```
 */
export function parseNetworkSpec(value: unknown, what = 'network'): NetworkSpec {
  return parseConfig(NetworkSpecSchema, value, what);
}
export type RawProgramSpec = z.output<typeof RawProgramSpecSchema>;
export type ActuatedSpec = z.output<typeof ActuatedSpecSchema>;
