import { z } from 'zod';
import { InvalidConfig, InvalidSpace } from '../core/errors.js';
import { parseConfig } from '../core/parseConfig.js';
import { Box } from './Box.js';
import { Dict } from './Dict.js';
import { Discrete } from './Discrete.js';
import { MultiBinary } from './MultiBinary.js';
import { MultiDiscrete } from './MultiDiscrete.js';
import type { BoundJSON, Space, SpaceJSON } from './Space.js';
import { Tuple } from './Tuple.js';

const int = z.number().int();
const bound = z.union([z.number(), z.literal('inf'), z.literal('-inf')], { error: "expected a number, 'inf' or '-inf'" });
const dtype = z.enum(['float32', 'float64', 'int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32']);

const SpaceSchema: z.ZodType<SpaceJSON> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('Discrete'), n: int.positive(), start: int }).strict(),
    z.object({ type: z.literal('Box'), low: z.array(bound), high: z.array(bound), shape: z.array(int.nonnegative()), dtype }).strict(),
    z.object({ type: z.literal('MultiDiscrete'), nvec: z.array(int.positive()).min(1), start: z.array(int) }).strict(),
    z.object({ type: z.literal('MultiBinary'), n: z.union([int.positive(), z.array(int.positive()).min(1)]) }).strict(),
    z.object({ type: z.literal('Dict'), keys: z.array(z.string()), spaces: z.record(z.string(), SpaceSchema) }).strict(),
    z.object({ type: z.literal('Tuple'), spaces: z.array(SpaceSchema) }).strict(),
  ]),
);

function decodeBound(b: BoundJSON): number {
  return b === 'inf' ? Infinity : b === '-inf' ? -Infinity : b;
}

function build(j: SpaceJSON): Space<unknown> {
  switch (j.type) {
    case 'Discrete':
      return new Discrete(j.n, j.start);
    case 'Box':
      return new Box(j.low.map(decodeBound), j.high.map(decodeBound), j.shape, j.dtype);
    case 'MultiDiscrete':
      return new MultiDiscrete(j.nvec, j.start);
    case 'MultiBinary':
      return new MultiBinary(j.n);
    case 'Dict': {
      const names = Object.keys(j.spaces);
      if (j.keys.length !== names.length || j.keys.some((k) => !(k in j.spaces))) {
        throw new InvalidSpace(`Invalid space JSON: Dict keys [${j.keys.join(', ')}] do not match the keys of spaces [${names.join(', ')}]`);
      }
      return new Dict(j.keys.map((k) => [k, build(j.spaces[k])] as const));
    }
    case 'Tuple':
      return new Tuple(j.spaces.map(build));
  }
}

/**
 * Rebuilds a space from its `toJSON()` form (also accepts a JSON string). Malformed input throws
 * `InvalidSpace` naming the field, the value that came and what was expected.
 *
 * @example
 * ```ts
 * const box = new Box(-Infinity, Infinity, [4]);
 * spaceFromJSON(JSON.parse(JSON.stringify(box))).equals(box); // true
 * spaceFromJSON({ type: 'Discrete', n: 0, start: 0 });        // InvalidSpace: ... n: ... (got 0)
 * ```
 */
export function spaceFromJSON(json: unknown): Space<unknown> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (e) {
      throw new InvalidSpace(`Invalid space JSON: not parseable JSON (${(e as Error).message})`);
    }
  }
  let parsed: SpaceJSON;
  try {
    parsed = parseConfig(SpaceSchema, value, 'space JSON');
  } catch (e) {
    throw e instanceof InvalidConfig ? new InvalidSpace(e.message) : e;
  }
  return build(parsed);
}
