/**
 * Types of the tsgym episode recording format, versions 1 and 2 (see docs/recording-format.md).
 * Version 2 is version 1 plus explanations of a learned policy's decisions (`explain`,
 * `frame.explanations`); a recording without explanations is written as version 1, so older readers
 * still open it.
 *
 * Dynamic state is stored column-wise and quantised so that a one-hour 4x4 grid episode stays small:
 * positions in decimetres, speeds in dm/s, headings in whole degrees, waiting times in deciseconds,
 * all integers; vehicle and job ids are delta-coded (first absolute, then differences, ascending).
 * Vehicle columns (the bulk of a traffic recording) are packed into strings (`packInts`).
 * @packageDocumentation
 */

/** The `format` tag of every recording. */
export const RECORDING_FORMAT = 'tsgym-episode' as const;
/** The newest version this build reads and writes (2: with explanations). */
export const RECORDING_VERSION = 2 as const;
/** Every version this build reads. */
export const RECORDING_VERSIONS: readonly number[] = [1, 2];
/** A recording format version. */
export type RecordingVersion = 1 | 2;

/** Axis-aligned world rectangle (metres for traffic, layout units for factories; y points up). */
export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** One lane of a road, drawn along its centreline in the driving direction. */
export interface SceneLane {
  readonly id: string;
  /** Road (edge) the lane belongs to. */
  readonly road: string;
  /** 0 = rightmost lane of its road. */
  readonly index: number;
  /** Number of lanes of its road (for lane markings). */
  readonly count: number;
  /** Width in metres. */
  readonly width: number;
  /** Centreline as flat `[x0, y0, x1, y1, ...]`, metres, at least two points. */
  readonly points: readonly number[];
  /** Whether the lane ends at a stop line (a signalised approach). */
  readonly stop: boolean;
}

/** A junction (intersection) area. */
export interface SceneJunction {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  /** Optional outline as flat `[x0, y0, ...]`; a square of `size` around (x, y) otherwise. */
  readonly points?: readonly number[];
  readonly size?: number;
}

/** A signal head, at the stop line of the lane it controls. */
export interface SceneSignal {
  readonly id: string;
  readonly junction: string;
  /** Index into `scene.lanes` of the lane it controls. */
  readonly lane: number;
  readonly x: number;
  readonly y: number;
  /** The movement it controls: `l` left, `s` through, `r` right, `t` U-turn (absent in older recordings). */
  readonly turn?: 'l' | 's' | 'r' | 't';
}

/** Static layout of a traffic episode. */
export interface TrafficScene {
  readonly kind: 'traffic';
  readonly bounds: Bounds;
  readonly lanes: readonly SceneLane[];
  readonly junctions: readonly SceneJunction[];
  readonly signals: readonly SceneSignal[];
  /** Vehicle footprint in metres (drawn as oriented rectangles). */
  readonly vehicleLength: number;
  readonly vehicleWidth: number;
}

/** A workstation holding one or more machines. */
export interface SceneStation {
  readonly id: string;
  readonly name: string;
  /** Centre of the station box, layout units. */
  readonly x: number;
  readonly y: number;
}

/** A machine; it belongs to a station. */
export interface SceneMachine {
  readonly id: string;
  readonly name: string;
  /** Index into `scene.stations`. */
  readonly station: number;
}

/** A buffer (queue) of jobs, drawn as a row of slots starting at (x, y). */
export interface SceneBuffer {
  readonly id: string;
  readonly name: string;
  readonly x: number;
  readonly y: number;
  /** `null` = unbounded. */
  readonly capacity: number | null;
}

/** Static layout of a factory episode. */
export interface FactoryScene {
  readonly kind: 'factory';
  readonly bounds: Bounds;
  readonly stations: readonly SceneStation[];
  readonly machines: readonly SceneMachine[];
  readonly buffers: readonly SceneBuffer[];
  /** Material flow arrows between stations, `[from, to]` station indexes. */
  readonly flows: readonly (readonly [number, number])[];
  /** Names of job types (index = `jobs.k`). */
  readonly jobTypes: readonly string[];
}

/** Static layout of an episode. */
export type Scene = TrafficScene | FactoryScene;

/**
 * Vehicles of a frame, sorted by id, as packed integer columns (see `packInts`: zigzag varints in
 * base64url text), `n` values each.
 */
export interface VehicleColumns {
  /** Number of vehicles. */
  readonly n: number;
  /** Delta-coded ids: first absolute, then increments (> 0). */
  readonly id: string;
  /** Position, decimetres. */
  readonly x: string;
  readonly y: string;
  /** Heading, whole degrees counter-clockwise from +x, in [0, 360). */
  readonly h: string;
  /** Speed, dm/s. */
  readonly v: string;
  /** Waiting time (accumulated stopped time), deciseconds. */
  readonly w: string;
}

/** Machine state codes (`frame.machines.s`). */
export const MACHINE_STATES = ['idle', 'busy', 'setup', 'blocked', 'starved', 'down'] as const;
/** A machine state name. */
export type MachineState = (typeof MACHINE_STATES)[number];

/** Machine states of a frame, one entry per `scene.machines` entry. */
export interface MachineColumns {
  /** State code: index into MACHINE_STATES. */
  readonly s: number[];
  /** Id of the job on the machine, or -1. */
  readonly j: number[];
}

/** Job location codes (`frame.jobs.loc`). */
export const JOB_LOCATIONS = ['buffer', 'machine', 'transit'] as const;
/** A job location name. */
export type JobLocation = (typeof JOB_LOCATIONS)[number];

/** Jobs in the system in a frame, sorted by id. */
export interface JobColumns {
  /** Delta-coded ids, as VehicleColumns.id. */
  readonly id: number[];
  /** Job type (index into `scene.jobTypes`). */
  readonly k: number[];
  /** Location code: index into JOB_LOCATIONS. */
  readonly loc: number[];
  /** Buffer index (buffer), machine index (machine) or origin station index (transit). */
  readonly at: number[];
  /** Destination station index (transit), else -1. */
  readonly to: number[];
}

/** The dynamic state at time `t`. */
export interface Frame {
  /** Simulated time, seconds. */
  readonly t: number;
  /** Env step count when the frame was taken (0 = after reset). */
  readonly step: number;
  /** Reward of this step (summed over agents for multi-agent envs); 0 after reset. */
  readonly reward: number;
  /** The env's `info.metrics` at this step (flat numbers). */
  readonly metrics: Record<string, number>;
  readonly vehicles?: VehicleColumns;
  /** One character per `scene.signals` entry: `r` red, `y` amber, `g` green, `o` off. */
  readonly signals?: string;
  readonly machines?: MachineColumns;
  readonly jobs?: JobColumns;
  /**
   * Version 2: the learned policy's decision applied at this step (computed from the observation before
   * it), by agent key: an intersection (junction) id for traffic, a machine id (or `release`) for
   * factories, `agent` otherwise. With `every` > 1, the last decision of each key since the last frame.
   */
  readonly explanations?: Record<string, FrameExplanation>;
}

/** One explained output (the chosen action's q-value or logit; per dimension for a Box action). */
export interface ExplainedOutput {
  /** Index of the output (into `values`). */
  readonly output: number;
  readonly value: number;
  /** The output at the training-mean observation (network input zero). */
  readonly baseline: number;
  /** Gradient x input per feature, in the order of the key's `features`. */
  readonly attribution: number[];
}

/** A decision explained (src/explain's `FrameExplanation`). */
export interface FrameExplanation {
  /** The action taken (an index into the action labels for Discrete actions). */
  readonly action: number | number[];
  readonly kind: ExplanationKind;
  /** Per action: q-values (`q`), probabilities (`probs`) or means (`mean`). */
  readonly values: number[];
  readonly outputs: ExplainedOutput[];
}

/** What explanation values are: q-values, probabilities or Box action means. */
export type ExplanationKind = 'q' | 'probs' | 'mean';

/** Names for the explanations of one agent key (override the recording-wide ones). */
export interface ExplainNames {
  readonly features?: readonly string[];
  readonly actions?: readonly string[];
}

/** Version 2 header: how to read `frame.explanations`. */
export interface RecordingExplain {
  readonly kind: ExplanationKind;
  /** Names of the network input features (attribution order). */
  readonly features: readonly string[];
  /** Labels of the entries of `values` (`phase 0`, `SPT`, ...). */
  readonly actions: readonly string[];
  /** Per agent key, when its features or action labels differ (grid intersections, factory release decisions). */
  readonly agents?: Readonly<Record<string, ExplainNames>>;
}

/** End-of-episode totals. */
export interface EpisodeSummary {
  readonly steps: number;
  readonly frames: number;
  readonly totalReward: number;
  /** Simulated seconds from the first to the last frame. */
  readonly duration: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  /** Final `info.metrics`. */
  readonly metrics: Record<string, number>;
  /** The final schedule, for envs that build one (JobShop-v0): what a Gantt chart draws. */
  readonly schedule?: OperationSchedule;
}

/**
 * A schedule as columns, one entry per operation (job-major, operations in job order): the job, its
 * operation index, the machine, and start/end in the env's time unit.
 */
export interface OperationSchedule {
  readonly job: number[];
  readonly op: number[];
  readonly machine: number[];
  readonly start: number[];
  readonly end: number[];
}

/** One recorded episode. */
export interface Recording {
  readonly format: typeof RECORDING_FORMAT;
  /** 1, or 2 when the recording carries explanations. */
  readonly version: RecordingVersion;
  /** Env id, e.g. `TrafficGrid-v0`. */
  readonly env: string;
  /** Env kwargs the episode ran with. */
  readonly kwargs: Record<string, unknown>;
  readonly seed: number | null;
  /** Policy name (or run directory). */
  readonly policy: string;
  /** Env steps between frames. */
  readonly every: number;
  /** Scenario parameters drawn for this episode by DomainRandomization (its reset `info.randomization`). */
  readonly randomization?: Record<string, unknown>;
  /** Version 2: names for `frame.explanations` (present when a learned policy was explained). */
  readonly explain?: RecordingExplain;
  readonly scene: Scene;
  readonly frames: Frame[];
  readonly summary: EpisodeSummary;
}

/** A recording without its frames and summary: what a live viewer receives first (`LiveMessage` `header`). */
export type RecordingHeader = Omit<Recording, 'frames' | 'summary'>;

/** Messages of the view server's `/live` WebSocket (JSON text): a header, then frames, then the summary. */
export type LiveMessage =
  | { readonly type: 'header'; readonly header: RecordingHeader }
  | { readonly type: 'frame'; readonly frame: Frame }
  | { readonly type: 'end'; readonly summary: EpisodeSummary };
