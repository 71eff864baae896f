import { z } from 'zod';
import { distSchema } from './distribution.js';

const pos = z.number().finite().positive();
const nonneg = z.number().finite().nonnegative();
const name = z.string().min(1).max(64);

/** How released jobs enter the line: at once, when WIP is under a cap, or when an agent says so. */
const control = z.enum(['immediate', 'conwip', 'agent']);

const productSchema = z
  .object({
    name,
    /** Stage names in line order; default every stage. */
    routing: z.array(name).min(1).optional(),
    /** Share of this product in Poisson/CONWIP releases (normalised over products). */
    weight: nonneg.default(1),
    /** Due date = arrival + dueDateFactor x nominal work (overrides the scenario's `dueDateFactor`). */
    dueDateFactor: nonneg.optional(),
  })
  .strict();

const stageSchema = z
  .object({
    name,
    /** Identical parallel machines at this stage. */
    machines: z.number().int().positive().max(1000).default(1),
    /** Capacity of the input buffer in jobs (waiting, not in service); 'infinite' for none. */
    buffer: z.union([z.number().int().nonnegative(), z.literal('infinite')]).default('infinite'),
    /** Processing time: one distribution, or one per product name. */
    processing: z.union([distSchema, z.record(name, distSchema)]),
    /** Sequence-dependent setup: matrix[from][to] seconds, products in `products` order. */
    setup: z.object({ matrix: z.array(z.array(nonneg)) }).strict().optional(),
    /** Time-based failures: time between failures (calendar time) and repair time. */
    failures: z.object({ timeBetween: distSchema, repair: distSchema }).strict().optional(),
    /** Preventive maintenance every `interval` seconds (starts when the machine is free), lasting `duration`. */
    maintenance: z.object({ interval: pos, duration: pos }).strict().optional(),
  })
  .strict();

const orderSchema = z
  .object({
    time: nonneg,
    product: name,
    quantity: z.number().int().positive().max(1_000_000).default(1),
    /** Absolute due date in seconds; default arrival + dueDateFactor x nominal work. */
    dueDate: nonneg.optional(),
  })
  .strict();

const releaseSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('poisson'),
      /** Jobs per second. */
      rate: pos,
      control: control.default('immediate'),
      wipCap: z.number().int().positive().optional(),
      reviewInterval: pos.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('orders'),
      orders: z.array(orderSchema).min(1),
      control: control.default('immediate'),
      wipCap: z.number().int().positive().optional(),
      reviewInterval: pos.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('conwip'),
      /** Jobs kept in the line: a new one is released whenever one leaves. */
      wipCap: z.number().int().positive().max(1_000_000),
    })
    .strict(),
]);

/**
 * The zod schema of a flow-line scenario (JSON). Every field is documented in `docs/factory.md`.
 *
 * @example
 * ```ts
 * const sc = parseConfig(scenarioSchema, JSON.parse(text), 'factory scenario');
 * ```
 */
export const scenarioSchema = z
  .object({
    name: name.default('custom'),
    description: z.string().max(500).optional(),
    /** Simulated seconds per episode. */
    horizon: pos,
    /** Statistics are reset at this time (seconds). */
    warmup: nonneg.default(0),
    products: z.array(productSchema).min(1).max(64).default([{ name: 'A', weight: 1 }]),
    stages: z.array(stageSchema).min(1).max(256),
    release: releaseSchema,
    /** Default due-date tightness: due = arrival + factor x nominal work. */
    dueDateFactor: nonneg.default(3),
  })
  .strict();

/** A scenario after zod parsing (defaults filled in). */
export type Scenario = z.infer<typeof scenarioSchema>;
/** A scenario as written in JSON (optional fields may be left out). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
