import { z } from 'zod';
import { InvalidFile } from '../../../../src/core/errors.js';
import { DISPATCH_SCHEMES, type DispatchScheme } from '../JobShopSim.js';
import { N_OP_FEATURES, OP_FEATURES } from '../opFeatures.js';

/** One dense layer `y = x W + b`, `W` row-major `[inputSize][outputSize]` (tfjs Dense kernel layout). */
export interface DispatchNetLayer {
  inputSize: number;
  outputSize: number;
  weights: number[];
  bias: number[];
}

/**
 * The job-shop dispatcher network as plain JSON (`policy.json` of a `tsgym train-dispatcher` run, and the
 * shipped `gnn` policy). A graph network over the disjunctive graph's unscheduled operations:
 * `encoder` embeds each operation's features (`OP_FEATURES`, relu); each of `rounds` message-passing
 * layers maps `[h, h of the job successor, mean h of the job's operations, mean h of the machine's
 * operations, mean h of all]` to a new h (relu); the head scores each candidate job from `[h of its next
 * operation, h of the one after, its job mean, the mean of that operation's machine, the mean of the
 * following operation's machine, the graph mean]` through `head1`, `head2` (relu) and `out` (linear).
 * Means run over unscheduled operations; missing successors are zeros. The action distribution is the
 * softmax of the scores over the allowed jobs.
 */
export interface SerializedDispatchNet {
  format: 'tsgym-gnn';
  version: 1;
  /** The dispatch scheme the network was trained under (it picks among that scheme's jobs). */
  scheme: DispatchScheme;
  /** Input feature names, in order (must equal `OP_FEATURES`). */
  features: string[];
  hidden: number;
  encoder: DispatchNetLayer;
  rounds: DispatchNetLayer[];
  head1: DispatchNetLayer;
  head2: DispatchNetLayer;
  out: DispatchNetLayer;
  /** How it was trained (free-form, for the record). */
  training?: Record<string, unknown>;
}

const finite = z.number().refine((v) => Number.isFinite(v), 'expected a finite number');
const layer = z
  .object({ inputSize: z.number().int().positive(), outputSize: z.number().int().positive(), weights: z.array(finite), bias: z.array(finite) })
  .strict();
const SCHEMA = z
  .object({
    format: z.literal('tsgym-gnn'),
    version: z.literal(1),
    scheme: z.enum(DISPATCH_SCHEMES as [string, ...string[]]),
    features: z.array(z.string()),
    hidden: z.number().int().positive(),
    encoder: layer,
    rounds: z.array(layer),
    head1: layer,
    head2: layer,
    out: layer,
    training: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

function checkLayer(name: string, l: DispatchNetLayer, inSize: number, outSize: number | undefined, where: string): void {
  if (l.inputSize !== inSize || (outSize !== undefined && l.outputSize !== outSize)) {
    throw new InvalidFile(`${where}: layer ${name} is ${l.inputSize} x ${l.outputSize}, expected ${inSize} x ${outSize ?? l.outputSize}`);
  }
  if (l.weights.length !== l.inputSize * l.outputSize || l.bias.length !== l.outputSize) {
    throw new InvalidFile(
      `${where}: layer ${name} has ${l.weights.length} weights and ${l.bias.length} biases, expected ${l.inputSize * l.outputSize} and ${l.outputSize}`,
    );
  }
}

/**
 * Validates a parsed `policy.json` as a {@link SerializedDispatchNet}; throws InvalidFile naming the
 * first problem (wrong format, feature list, or layer sizes).
 *
 * @example
 * ```ts
 * const net = parseDispatchNet(JSON.parse(readFileSync('runs/gnn/policy.json', 'utf8')), 'runs/gnn/policy.json');
 * ```
 */
export function parseDispatchNet(data: unknown, where = 'dispatcher network'): SerializedDispatchNet {
  const r = SCHEMA.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InvalidFile(
      `${where} is not a tsgym job-shop dispatcher network: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    );
  }
  const net = r.data as SerializedDispatchNet;
  if (net.features.join(',') !== OP_FEATURES.join(',')) {
    throw new InvalidFile(`${where}: features ${JSON.stringify(net.features)} differ from this tsgym's ${JSON.stringify(OP_FEATURES)}`);
  }
  const H = net.hidden;
  checkLayer('encoder', net.encoder, N_OP_FEATURES, H, where);
  net.rounds.forEach((l, i) => checkLayer(`rounds[${i}]`, l, 5 * H, H, where));
  checkLayer('head1', net.head1, 6 * H, undefined, where);
  checkLayer('head2', net.head2, net.head1.outputSize, undefined, where);
  checkLayer('out', net.out, net.head2.outputSize, 1, where);
  return net;
}
