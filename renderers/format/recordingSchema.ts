import { z } from 'zod';

/** True when `v` is an array of finite numbers (one fast loop, no per-element zod parse). */
function isNumberArray(v: unknown): v is number[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return false;
  }
  return true;
}

const numbers = z.custom<number[]>(isNumberArray, { message: 'expected an array of finite numbers' });
const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const index = z.number().int().nonnegative();
const metrics = z.record(z.string(), z.number());

const bounds = z.object({ minX: finite, minY: finite, maxX: finite, maxY: finite });

const trafficScene = z.object({
  kind: z.literal('traffic'),
  bounds,
  lanes: z.array(
    z.object({
      id: z.string(),
      road: z.string(),
      index,
      count: z.number().int().positive(),
      width: z.number().positive(),
      points: numbers.refine((p) => p.length >= 4 && p.length % 2 === 0, 'expected at least two [x, y] points'),
      stop: z.boolean(),
    }),
  ),
  junctions: z.array(z.object({ id: z.string(), x: finite, y: finite, points: numbers.optional(), size: z.number().positive().optional() })),
  signals: z.array(z.object({ id: z.string(), junction: z.string(), lane: index, x: finite, y: finite, turn: z.enum(['l', 's', 'r', 't']).optional() })),
  vehicleLength: z.number().positive(),
  vehicleWidth: z.number().positive(),
});

const factoryScene = z.object({
  kind: z.literal('factory'),
  bounds,
  stations: z.array(z.object({ id: z.string(), name: z.string(), x: finite, y: finite })),
  machines: z.array(z.object({ id: z.string(), name: z.string(), station: index })),
  buffers: z.array(z.object({ id: z.string(), name: z.string(), x: finite, y: finite, capacity: z.number().int().nonnegative().nullable() })),
  flows: z.array(z.tuple([index, index])),
  jobTypes: z.array(z.string()),
});

const kind = z.enum(['q', 'probs', 'mean']);

const explanation = z.object({
  action: z.union([finite, numbers]),
  kind,
  values: numbers,
  outputs: z.array(z.object({ output: index, value: finite, baseline: finite, attribution: numbers })).min(1),
});

const names = z.array(z.string());

/** Version 2 header of explanations (see RecordingExplain). */
const explainHeader = z.object({
  kind,
  features: names,
  actions: names,
  agents: z.record(z.string(), z.object({ features: names.optional(), actions: names.optional() })).optional(),
});

const frame = z.object({
  t: finite,
  step: index,
  reward: finite,
  metrics,
  vehicles: z
    .object({ n: z.number().int().nonnegative(), id: z.string(), x: z.string(), y: z.string(), h: z.string(), v: z.string(), w: z.string() })
    .optional(),
  signals: z
    .string()
    .regex(/^[rygo]*$/, 'expected one of r, y, g, o per signal head')
    .optional(),
  machines: z.object({ s: numbers, j: numbers }).optional(),
  jobs: z.object({ id: numbers, k: numbers, loc: numbers, at: numbers, to: numbers }).optional(),
  explanations: z.record(z.string(), explanation).optional(),
});

/**
 * The zod schema of a version-1 or version-2 recording (after the format/version check; version 2 adds
 * `explain` and `frame.explanations`). Column lengths, indexes and explanation sizes are checked
 * afterwards by `parseRecording`, in plain loops.
 *
 * @example
 * ```ts
 * const ok = recordingSchema.safeParse(JSON.parse(text)).success;
 * ```
 */
export const recordingSchema = z.object({
  format: z.literal('tsgym-episode'),
  version: z.union([z.literal(1), z.literal(2)]),
  env: z.string(),
  kwargs: z.record(z.string(), z.unknown()),
  seed: z.number().int().nullable(),
  policy: z.string(),
  every: z.number().int().positive(),
  randomization: z.record(z.string(), z.unknown()).optional(),
  explain: explainHeader.optional(),
  scene: z.discriminatedUnion('kind', [trafficScene, factoryScene]),
  frames: z.array(frame).min(1),
  summary: z.object({
    steps: index,
    frames: index,
    totalReward: finite,
    duration: z.number().nonnegative(),
    terminated: z.boolean(),
    truncated: z.boolean(),
    metrics,
    schedule: z.object({ job: z.array(index), op: z.array(index), machine: z.array(index), start: z.array(finite), end: z.array(finite) })
      .refine((s) => [s.op, s.machine, s.start, s.end].every((c) => c.length === s.job.length), 'schedule columns must have equal lengths')
      .optional(),
  }),
});
