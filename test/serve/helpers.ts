import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SerializedMlp, SerializedMlpLayer } from '../../src/policy/MlpPolicy.js';
import { Rng } from '../../src/rng/Rng.js';

/** A dense layer with seeded weights in [-1, 1). */
export function randomLayer(rng: Rng, inputSize: number, outputSize: number, activation: SerializedMlpLayer['activation']): SerializedMlpLayer {
  return {
    inputSize, outputSize, activation,
    weights: Array.from({ length: inputSize * outputSize }, () => rng.uniform(-1, 1)),
    bias: Array.from({ length: outputSize }, () => rng.uniform(-0.5, 0.5)),
  };
}

/** A relu MLP over Box(low, high, [inSize]) with a Discrete(nActions) head. */
export function randomMlp(seed: number, inSize: number, hidden: number[], nActions: number, output: 'q' | 'logits' = 'q', low = -10, high = 10): SerializedMlp {
  const rng = new Rng(seed);
  const sizes = [inSize, ...hidden, nActions];
  const layers = sizes.slice(1).map((o, i) => randomLayer(rng, sizes[i] ?? 0, o, i === sizes.length - 2 ? 'linear' : 'relu'));
  return {
    format: 'tsgym-mlp', version: 1, layers, output,
    observationSpace: { type: 'Box', low: Array(inSize).fill(low), high: Array(inSize).fill(high), shape: [inSize], dtype: 'float32' },
    actionSpace: { type: 'Discrete', n: nActions, start: 0 },
  };
}

/** The identity network over Box(0, 10, [n]) with q-values = observation (hand-checkable). */
export function identityMlp(n: number): SerializedMlp {
  const w: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w.push(i === j ? 1 : 0);
  return {
    format: 'tsgym-mlp', version: 1, output: 'q',
    layers: [{ inputSize: n, outputSize: n, activation: 'linear', weights: w, bias: Array(n).fill(0) }],
    observationSpace: { type: 'Box', low: Array(n).fill(0), high: Array(n).fill(10), shape: [n], dtype: 'float32' },
    actionSpace: { type: 'Discrete', n, start: 0 },
  };
}

/** A fresh run directory holding `net` as policy.json. */
export function runDirWith(net: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsgym-serve-'));
  writePolicy(dir, net);
  return dir;
}

/** Writes policy.json atomically (temp file + rename), as `tsgym train` does. */
export function writePolicy(dir: string, net: unknown): void {
  const tmp = join(dir, `.policy.json.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(net));
  renameSync(tmp, join(dir, 'policy.json'));
}
