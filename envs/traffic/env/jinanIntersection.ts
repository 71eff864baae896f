import { z } from 'zod';
import { parseConfig } from '../../../src/core/parseConfig.js';
import type { NetworkSpecInput } from '../network/NetworkSpec.js';
import { conflictLists } from '../network/movementConflicts.js';
import { protectedSplit } from '../import/protectedSplit.js';

const nonneg = z.number().nonnegative();

/**
 * Options of the `jinan` preset (kwarg `preset: 'jinan'`, options in `scenario`).
 *
 * @example
 * ```ts
 * JinanPresetSchema.parse({ demand: 600, approachLength: 400 });
 * ```
 */
export const JinanPresetSchema = z
  .object({
    /** Mean flow (veh/h) entering on each of the 4 arms (Jinan 3x4: 441 veh/h per approach on average). */
    demand: nonneg.default(450),
    /** Per-arm overrides (veh/h), keyed `N`, `E`, `S`, `W`. */
    demandByArm: z.object({ N: nonneg, E: nonneg, S: nonneg, W: nonneg }).partial().strict().default({}),
    /** Turning ratios (Jinan 3x4 routes: 14 % left, 57 % straight, 28 % right). */
    turning: z.object({ l: nonneg, s: nonneg, r: nonneg }).strict().default({ l: 0.15, s: 0.57, r: 0.28 }),
    /** Length of the 4 approaches (m). */
    approachLength: z.number().min(40).default(300),
    /** Speed limit (m/s), Jinan's 40 km/h. */
    speed: z.number().positive().default(11.111),
    insertion: z.enum(['poisson', 'uniform']).default('poisson'),
    /** Time-varying factor on all flows (piecewise linear). */
    profile: z.array(z.object({ t: nonneg, factor: nonneg }).strict()).min(1).optional(),
    demandEnd: z.number().positive().optional(),
    /** Green of every phase in the fixed-time plan (s; Jinan: 30). */
    green: z.number().positive().default(30),
  })
  .strict();

/**
 * The `jinan` preset's options as written.
 *
 * @example
 * ```ts
 * const opts: JinanPresetInput = { demandByArm: { N: 700 } };
 * ```
 */
export type JinanPresetInput = z.input<typeof JinanPresetSchema>;

type Arm = 'N' | 'E' | 'S' | 'W';
const ARMS: readonly Arm[] = ['N', 'E', 'S', 'W'];
const VEC: Record<Arm, [number, number]> = { N: [0, 1], E: [1, 0], S: [0, -1], W: [-1, 0] };
/** For a vehicle coming from arm `a`, the arm it leaves by for each movement. */
const TURNS: Record<Arm, Record<'l' | 's' | 'r', Arm>> = {
  S: { l: 'W', s: 'N', r: 'E' },
  N: { l: 'E', s: 'S', r: 'W' },
  E: { l: 'S', s: 'W', r: 'N' },
  W: { l: 'N', s: 'E', r: 'S' },
};
/** Lane of each movement (0 = rightmost): right, straight, left, as CityFlow's Jinan roads (mirrored). */
const LANE = { r: 0, s: 1, l: 2 } as const;
/** Jinan's light phases 1-8 (phase 0 is the clearance): the movements each opens besides the right turns. */
const JINAN_PHASES: readonly (readonly [Arm, 'l' | 's'])[][] = [
  [['W', 's'], ['E', 's']],
  [['S', 's'], ['N', 's']],
  [['W', 'l'], ['E', 'l']],
  [['S', 'l'], ['N', 'l']],
  [['W', 's'], ['W', 'l']],
  [['E', 's'], ['E', 'l']],
  [['S', 's'], ['S', 'l']],
  [['N', 's'], ['N', 'l']],
];

/**
 * The `jinan` preset of `TrafficSignal-v0`: one intersection laid out as each of the 12 of the CityFlow
 * Jinan 3x4 dataset: 4 arms, 3 incoming lanes per arm (left, straight, right: one movement each, each
 * lane linked to all 3 lanes of the exit road), right turns green in every phase, and Jinan's 8 phases
 * (through pairs, left pairs, and each arm's straight + left) with Jinan's vehicles (5 m long, 2.5 m gap,
 * accel 2, decel 4.5, 11.1 m/s, 2 s headway). Demand: Poisson flows on the 4 arms turning at the preset's
 * ratios (Jinan's averages by default). With the canonical layout its observation and actions line up with
 * a Jinan intersection imported by `TrafficNetwork-v0`.
 *
 * @example
 * ```ts
 * const env = make('TrafficSignal-v0', { preset: 'jinan', layout: 'canonical', scenario: { demand: 500 } });
 * ```
 */
export function jinanIntersection(input: JinanPresetInput = {}, what = 'jinan preset'): NetworkSpecInput {
  const cfg = parseConfig(JinanPresetSchema, input, what);
  const L = cfg.approachLength;
  const nodes: NetworkSpecInput['nodes'] = [{ id: 'J', type: 'signalized', x: 0, y: 0, radius: 15 }];
  for (const a of ARMS) nodes.push({ id: a, type: 'boundary', x: VEC[a][0] * L, y: VEC[a][1] * L });
  const roads: NetworkSpecInput['roads'] = [];
  for (const a of ARMS) {
    roads.push({ id: `${a}-J`, from: a, to: 'J', speed: cfg.speed, lanes: [{ movements: ['r'] }, { movements: ['s'] }, { movements: ['l'] }] });
    roads.push({ id: `J-${a}`, from: 'J', to: a, speed: cfg.speed, lanes: [{}, {}, {}] });
  }
  const connections: NonNullable<NetworkSpecInput['connections']> = [];
  const byMove = new Map<string, number[]>();
  for (const a of ARMS) {
    for (const d of ['l', 's', 'r'] as const) {
      const ids: number[] = [];
      for (let toLane = 0; toLane < 3; toLane++) {
        ids.push(connections.length);
        connections.push({ from: `${a}-J`, fromLane: LANE[d], to: `J-${TURNS[a][d]}`, toLane, dir: d });
      }
      byMove.set(`${a}.${d}`, ids);
    }
  }
  const conflicts = conflictLists({ nodes: nodes.map((n) => ({ id: n.id, x: n.x, y: n.y })), roads, connections });
  const dirOf = (c: number): 'l' | 's' | 'r' | 't' => connections[c]?.dir ?? 's';
  const rights = ARMS.flatMap((a) => byMove.get(`${a}.r`) ?? []);
  const phases = JINAN_PHASES.map((moves, k) => {
    const green = [...moves.flatMap(([a, d]) => byMove.get(`${a}.${d}`) ?? []), ...rights];
    const split = protectedSplit(green, [], conflicts, dirOf);
    return { name: `jinan phase ${k + 1}`, protected: split.protectedConns, permitted: split.permittedConns, duration: cfg.green, yellow: 5, allRed: 0 };
  });
  const flows = ARMS.flatMap((a) => {
    const q = cfg.demandByArm[a] ?? cfg.demand;
    return q > 0
      ? [
          {
            id: a,
            origin: `${a}-J`,
            vehPerHour: q,
            insertion: cfg.insertion,
            ...(cfg.profile ? { profile: cfg.profile } : {}),
            ...(cfg.demandEnd ? { end: cfg.demandEnd } : {}),
          },
        ]
      : [];
  });
  const turning = ARMS.map((a) => ({ road: `${a}-J`, ...cfg.turning }));
  const vehicleTypes = [{ id: 'jinan', length: 5, minGap: 2.5, accel: 2, decel: 4.5, maxSpeed: 11.111, tau: 2, sigma: 0 }];
  return {
    name: 'jinan-like intersection',
    nodes,
    roads,
    connections,
    signals: [{ node: 'J', offset: 0, phases }],
    vehicleTypes,
    demand: { flows: flows.map((f) => ({ ...f, type: 'jinan' })), turning },
  };
}
