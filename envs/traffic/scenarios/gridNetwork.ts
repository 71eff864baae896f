import { z } from 'zod';
import { parseConfig } from '../../../src/core/parseConfig.js';
import type { Direction, NetworkSpecInput } from '../network/NetworkSpec.js';

const nonneg = z.number().nonnegative();

/** Configuration of a built-in scenario (a grid of 4-arm intersections; arterial = 1 row; single = 1 x 1). */
export const GridScenarioSchema = z
  .object({
    rows: z.number().int().min(1).max(30).default(1),
    cols: z.number().int().min(1).max(30).default(1),
    /** Lanes per direction on every road (overridden by lanesEW / lanesNS). */
    lanes: z.number().int().min(1).max(4).default(1),
    lanesEW: z.number().int().min(1).max(4).optional(),
    lanesNS: z.number().int().min(1).max(4).optional(),
    /** Distance between neighbouring intersections (m). */
    spacing: z.number().min(40).default(200),
    /** Length of the entry/exit arms at the border (m). */
    approachLength: z.number().min(40).default(200),
    /** Speed limit (m/s). */
    speed: z.number().positive().default(13.89),
    /** Mean flow (veh/h) entering at every border arm. */
    demand: nonneg.default(300),
    /** Per-entry overrides (veh/h), keyed by border node id: `N0`, `S1`, `W0`, `E2`, ... */
    demandByEntry: z.record(z.string(), nonneg).default({}),
    /** Flow factor on the east-west entries (W*, E*), e.g. 2 for unbalanced demand. */
    ewFactor: nonneg.default(1),
    insertion: z.enum(['poisson', 'uniform']).default('poisson'),
    /** Time-varying factor on all flows (piecewise linear), e.g. a morning peak. */
    profile: z
      .array(z.object({ t: nonneg, factor: nonneg }).strict())
      .min(1)
      .optional(),
    /** End of the demand (s); default: never. */
    demandEnd: z.number().positive().optional(),
    /** Turning ratios at every intersection. */
    turning: z.object({ l: nonneg, s: nonneg, r: nonneg }).strict().default({ l: 0.1, s: 0.8, r: 0.1 }),
    /** 2 phases (NS, EW; lefts permitted) or 4 (NS through with permitted lefts, NS protected lefts, same for EW); default 4 with 2+ lanes. */
    phases: z.union([z.literal(2), z.literal(4)]).optional(),
    /** Green of the through phases in the fixed-time plan (s). */
    green: z.number().positive().default(30),
    /** Green of the protected-left phases (s). */
    leftGreen: z.number().positive().default(10),
    yellow: nonneg.default(3),
    allRed: nonneg.default(0),
    minGreen: nonneg.default(5),
    maxGreen: z.number().positive().default(60),
    /** `green-wave`: offsets along the rows for the speed limit. */
    offsets: z.enum(['none', 'green-wave']).default('none'),
    /** Unsignalized priority junctions instead of signals (east-west is the major road). */
    unsignalized: z.boolean().default(false),
    vehicleType: z
      .object({
        length: z.number().positive(),
        minGap: nonneg,
        accel: z.number().positive(),
        decel: z.number().positive(),
        tau: z.number().positive(),
        sigma: z.number().min(0).max(1),
        maxSpeed: z.number().positive(),
        speedFactor: z.number().positive(),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

/** A built-in scenario's configuration as written. */
export type GridScenarioInput = z.input<typeof GridScenarioSchema>;
/** A validated scenario configuration. */
export type GridScenario = z.output<typeof GridScenarioSchema>;

type Arm = 'N' | 'E' | 'S' | 'W';
const ARM_VEC: Record<Arm, [number, number]> = { N: [0, 1], E: [1, 0], S: [0, -1], W: [-1, 0] };
/** For a vehicle coming from arm `a`, the arms of its left, straight and right movements. */
const TURNS: Record<Arm, Record<'l' | 's' | 'r', Arm>> = {
  S: { l: 'W', s: 'N', r: 'E' },
  N: { l: 'E', s: 'S', r: 'W' },
  E: { l: 'S', s: 'W', r: 'N' },
  W: { l: 'N', s: 'E', r: 'S' },
};

/** Lane movements for `n` lanes (lane 0 = rightmost): 1: [lsr]; 2: [sr, ls]; 3+: [sr, s..., l]. */
function laneMovements(n: number): Direction[][] {
  if (n === 1) return [['l', 's', 'r']];
  if (n === 2) return [['s', 'r'], ['l', 's']];
  return Array.from({ length: n }, (_, i) => (i === 0 ? ['s', 'r'] : i === n - 1 ? ['l'] : ['s']));
}

type SignalInput = NonNullable<NetworkSpecInput['signals']>[number];

/**
 * The signal plan of one grid junction from its connections by arm and turn: two phases (through+right
 * with permitted lefts, per axis) or four (adding protected lefts), and the green-wave offset of a
 * junction `x` metres along the row.
 */
function junctionSignal(cfg: GridScenario, byArm: Record<Arm, Record<'l' | 's' | 'r', number[]>>, nPhases: number, x: number): Omit<SignalInput, 'node'> {
  const ph = (prot: number[], perm: number[], duration: number): SignalInput['phases'][number] => ({
    protected: prot,
    permitted: perm,
    duration,
    minGreen: Math.min(cfg.minGreen, duration),
    maxGreen: Math.max(cfg.maxGreen, duration),
    yellow: cfg.yellow,
    allRed: cfg.allRed,
  });
  const thr = (a: Arm, b: Arm): number[] => [...byArm[a].s, ...byArm[a].r, ...byArm[b].s, ...byArm[b].r];
  const lefts = (a: Arm, b: Arm): number[] => [...byArm[a].l, ...byArm[b].l];
  const phases =
    nPhases === 4
      ? [
          ph(thr('N', 'S'), lefts('N', 'S'), cfg.green),
          ph(lefts('N', 'S'), [], cfg.leftGreen),
          ph(thr('E', 'W'), lefts('E', 'W'), cfg.green),
          ph(lefts('E', 'W'), [], cfg.leftGreen),
        ]
      : [ph(thr('N', 'S'), lefts('N', 'S'), cfg.green), ph(thr('E', 'W'), lefts('E', 'W'), cfg.green)];
  const cycle = phases.reduce((s, p) => s + p.duration + cfg.yellow + cfg.allRed, 0);
  const firstGreenEnd = nPhases === 4 ? cfg.green + cfg.leftGreen + 2 * (cfg.yellow + cfg.allRed) : cfg.green + cfg.yellow + cfg.allRed;
  const offset = cfg.offsets === 'green-wave' ? ((x / cfg.speed) % cycle + cycle - firstGreenEnd) % cycle : 0;
  return { offset, phases };
}

/**
 * Builds a network description of a `rows x cols` grid of 4-arm intersections (`J{r}_{c}`, row 0 at the
 * bottom) with border nodes `N{c}`, `S{c}`, `W{r}`, `E{r}`, its fixed-time plans and Poisson demand entering
 * at every border arm and turning at each intersection. The result is a plain JSON network you may edit.
 *
 * @example
 * ```ts
 * const spec = gridNetwork({ rows: 4, cols: 4, demand: 300 });
 * const engine = new TrafficEngine(spec);
 * ```
 */
export function gridNetwork(input: GridScenarioInput = {}, what = 'traffic scenario'): NetworkSpecInput {
  const cfg = parseConfig(GridScenarioSchema, input, what);
  const { rows, cols, spacing, approachLength: L } = cfg;
  const lanesOf = (horizontal: boolean): number => (horizontal ? cfg.lanesEW : cfg.lanesNS) ?? cfg.lanes;
  const nodes: NetworkSpecInput['nodes'] = [];
  const J = (r: number, c: number): string => `J${r}_${c}`;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) nodes.push({ id: J(r, c), type: cfg.unsignalized ? 'priority' : 'signalized', x: c * spacing, y: r * spacing });
  for (let c = 0; c < cols; c++) {
    nodes.push({ id: `S${c}`, type: 'boundary', x: c * spacing, y: -L });
    nodes.push({ id: `N${c}`, type: 'boundary', x: c * spacing, y: (rows - 1) * spacing + L });
  }
  for (let r = 0; r < rows; r++) {
    nodes.push({ id: `W${r}`, type: 'boundary', x: -L, y: r * spacing });
    nodes.push({ id: `E${r}`, type: 'boundary', x: (cols - 1) * spacing + L, y: r * spacing });
  }
  /** Neighbour of junction (r, c) on arm `a`: another junction or a border node. */
  const neighbour = (r: number, c: number, a: Arm): string => {
    const [dx, dy] = ARM_VEC[a];
    const rr = r + dy;
    const cc = c + dx;
    if (rr < 0) return `S${c}`;
    if (rr >= rows) return `N${c}`;
    if (cc < 0) return `W${r}`;
    if (cc >= cols) return `E${r}`;
    return J(rr, cc);
  };
  const roads: NetworkSpecInput['roads'] = [];
  const roadIds = new Set<string>();
  const addRoad = (from: string, to: string, horizontal: boolean, priority: number): void => {
    const id = `${from}-${to}`;
    if (roadIds.has(id)) return;
    roadIds.add(id);
    const mv = laneMovements(lanesOf(horizontal));
    const toBorder = !to.startsWith('J');
    roads.push({ id, from, to, speed: cfg.speed, priority, lanes: mv.map((m) => (toBorder ? {} : { movements: m })) });
  };
  const arms: Arm[] = ['N', 'E', 'S', 'W'];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (const a of arms) {
        const nb = neighbour(r, c, a);
        const horizontal = a === 'E' || a === 'W';
        addRoad(nb, J(r, c), horizontal, horizontal ? 1 : 0);
        addRoad(J(r, c), nb, horizontal, horizontal ? 1 : 0);
      }
    }
  }
  const connections: NonNullable<NetworkSpecInput['connections']> = [];
  const signals: NonNullable<NetworkSpecInput['signals']> = [];
  const nPhases = cfg.phases ?? (Math.max(lanesOf(true), lanesOf(false)) >= 2 ? 4 : 2);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const j = J(r, c);
      const turns = (): Record<'l' | 's' | 'r', number[]> => ({ l: [], s: [], r: [] });
      const byArm: Record<Arm, Record<'l' | 's' | 'r', number[]>> = { N: turns(), E: turns(), S: turns(), W: turns() };
      for (const a of arms) {
        const inRoad = `${neighbour(r, c, a)}-${j}`;
        const nIn = lanesOf(a === 'E' || a === 'W');
        const mv = laneMovements(nIn);
        for (const dir of ['l', 's', 'r'] as const) {
          const b = TURNS[a][dir];
          const outRoad = `${j}-${neighbour(r, c, b)}`;
          const nOut = lanesOf(b === 'E' || b === 'W');
          for (let i = 0; i < nIn; i++) {
            if (!mv[i]?.includes(dir)) continue;
            const toLane = dir === 'r' ? 0 : dir === 'l' ? nOut - 1 : Math.min(i, nOut - 1);
            byArm[a][dir].push(connections.length);
            connections.push({ from: inRoad, fromLane: i, to: outRoad, toLane, dir });
          }
        }
      }
      if (!cfg.unsignalized) signals.push({ node: j, ...junctionSignal(cfg, byArm, nPhases, c * spacing) });
    }
  }
  const flows: NonNullable<NonNullable<NetworkSpecInput['demand']>['flows']> = [];
  const entry = (b: string, first: string, ew: boolean): void => {
    const q = cfg.demandByEntry[b] ?? cfg.demand * (ew ? cfg.ewFactor : 1);
    const shape = { ...(cfg.profile ? { profile: cfg.profile } : {}), ...(cfg.demandEnd ? { end: cfg.demandEnd } : {}) };
    if (q > 0) flows.push({ id: b, origin: `${b}-${first}`, vehPerHour: q, insertion: cfg.insertion, ...shape });
  };
  for (let c = 0; c < cols; c++) {
    entry(`S${c}`, J(0, c), false);
    entry(`N${c}`, J(rows - 1, c), false);
  }
  for (let r = 0; r < rows; r++) {
    entry(`W${r}`, J(r, 0), true);
    entry(`E${r}`, J(r, cols - 1), true);
  }
  const turning = roads.filter((rd) => rd.to.startsWith('J')).map((rd) => ({ road: rd.id, ...cfg.turning }));
  const vehicleTypes = cfg.vehicleType ? [{ id: 'DEFAULT_VEHTYPE', ...cfg.vehicleType }] : [];
  return { name: `grid ${rows}x${cols}`, nodes, roads, connections, signals, vehicleTypes, demand: { flows, turning } };
}
