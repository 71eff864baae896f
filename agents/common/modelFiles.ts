import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { InvalidFile } from '../../src/core/errors.js';
import { fsyncPath, verifyManifest, writeManifest } from './fileManifest.js';
import type { Tf } from '../loadTf.js';

type Arr = Float32Array | Float64Array | Int32Array | Uint8Array;
const ARR = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array } as const;
type ArrDType = keyof typeof ARR;
type ArraySpec = { dtype: ArrDType; offset: number; length: number };

/**
 * A tfjs IO handler on `node:fs`: `save` writes `model.json` (topology + weights manifest) and
 * `weights.bin` into `dir`; `load` reads them back. No tfjs-node needed.
 *
 * @example
 * ```ts
 * await fileIOHandler(tf, 'runs/dqn').save(artifacts);
 * const artifacts = await fileIOHandler(tf, 'runs/dqn').load();
 * ```
 */
export function fileIOHandler(tf: Tf, dir: string): tfjs.io.IOHandler {
  return {
    save: async (a: tfjs.io.ModelArtifacts): Promise<tfjs.io.SaveResult> => {
      mkdirSync(dir, { recursive: true });
      const data = a.weightData === undefined ? new ArrayBuffer(0) : tf.io.concatenateArrayBuffers(Array.isArray(a.weightData) ? a.weightData : [a.weightData]);
      writeFileSync(join(dir, 'weights.bin'), new Uint8Array(data));
      const json: tfjs.io.ModelJSON = {
        modelTopology: a.modelTopology ?? {}, format: a.format ?? 'tsgym-agent', generatedBy: 'tsgym',
        weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs ?? [] }],
      };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: data.byteLength } };
    },
    load: async (): Promise<tfjs.io.ModelArtifacts> => {
      const file = join(dir, 'model.json');
      if (!existsSync(file)) throw new InvalidFile(`No model.json in ${dir}: not a saved tsgym agent`);
      let json: tfjs.io.ModelJSON;
      try {
        json = JSON.parse(readFileSync(file, 'utf8')) as tfjs.io.ModelJSON;
      } catch (e) {
        throw new InvalidFile(`${file} is not valid JSON: ${(e as Error).message}`);
      }
      const group = json.weightsManifest?.[0];
      if (group === undefined) throw new InvalidFile(`${file} has no weightsManifest`);
      const name = group.paths[0] ?? 'weights.bin';
      // the weights file sits next to model.json: a path out of the folder is refused, a missing one named
      if (name.includes('/') || name.includes('\\') || name === '..')
        throw new InvalidFile(`${file}: weights path '${name}' must be a file name next to model.json`);
      let buf = Buffer.alloc(0);
      try {
        buf = readFileSync(join(dir, name));
      } catch (e) {
        throw new InvalidFile(`Cannot read ${join(dir, name)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): the weights of ${file}`);
      }
      const weightData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
      return { modelTopology: json.modelTopology, format: json.format, weightSpecs: group.weights, weightData };
    },
  };
}

/** What a saved agent directory holds. */
export interface ModelDir {
  /** Network and optimizer tensors by name (`weights.bin`, through the IO handler). */
  weights: tfjs.NamedTensorMap;
  /** Network description written as the model's topology (`model.json`). */
  topology: Record<string, unknown>;
  /** The agent's config (`config.json`). */
  config: Record<string, unknown>;
  /** Checkpoint state (`checkpoint.json`) and raw arrays (`state.bin`), present in checkpoints only. */
  checkpoint?: Record<string, unknown>;
  arrays?: Record<string, Arr>;
}

function writeArrays(dir: string, arrays: Record<string, Arr>): Record<string, ArraySpec> {
  const manifest: Record<string, ArraySpec> = {};
  let bytes = 0;
  for (const [k, a] of Object.entries(arrays)) {
    bytes = Math.ceil(bytes / 8) * 8;
    const dtype = (Object.keys(ARR) as ArrDType[]).find((d) => a instanceof ARR[d]) ?? 'float32';
    manifest[k] = { dtype, offset: bytes, length: a.length };
    bytes += a.byteLength;
  }
  const out = new Uint8Array(Math.ceil(bytes / 8) * 8);
  for (const [k, a] of Object.entries(arrays)) out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), manifest[k]?.offset ?? 0);
  writeFileSync(join(dir, 'state.bin'), out);
  return manifest;
}

/**
 * Writes an agent directory into `tmp` (a new folder): the files, then `manifest.json` with the length and
 * SHA-256 of each, all fsynced. `extra` files (name to content) are written beside them.
 */
export async function writeModelFiles(tf: Tf, tmp: string, m: ModelDir, extra: Record<string, string> = {}): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(m.weights);
  await fileIOHandler(tf, tmp).save?.({ modelTopology: m.topology, weightSpecs: specs, weightData: data, format: 'tsgym-agent' });
  writeFileSync(join(tmp, 'config.json'), JSON.stringify(m.config, null, 2));
  if (m.checkpoint !== undefined) {
    const arrays = m.arrays === undefined ? {} : writeArrays(tmp, m.arrays);
    writeFileSync(join(tmp, 'checkpoint.json'), JSON.stringify({ ...m.checkpoint, arrays }));
  }
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(tmp, name), text);
  writeManifest(tmp);
}

/**
 * Writes an agent directory atomically: everything goes to a temporary sibling first (files fsynced, with
 * a `manifest.json` of their lengths and SHA-256), which then replaces `dir` by rename, so a failed save
 * never corrupts an existing one; the previous folder is deleted only once the new one is in place.
 *
 * @example
 * ```ts
 * await writeModelDir(tf, 'runs/dqn', { weights: { q: q.params }, topology: { layers }, config });
 * ```
 */
export async function writeModelDir(tf: Tf, dir: string, m: ModelDir): Promise<void> {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Math.floor(performance.now() * 1000)}`;
  const tmp = join(parent, `.${basename(dir)}.tmp-${stamp}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    await writeModelFiles(tf, tmp, m);
    const old = join(parent, `.${basename(dir)}.old-${stamp}`);
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
    fsyncPath(parent);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

function readJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new InvalidFile(`Missing ${file}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new InvalidFile(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The arrays of state.bin laid out by checkpoint.json's manifest; a short or unreadable file is refused naming it. */
function readArrays(dir: string, manifest: Record<string, ArraySpec>): Record<string, Arr> {
  const arrays: Record<string, Arr> = {};
  if (Object.keys(manifest).length === 0) return arrays;
  const file = join(dir, 'state.bin');
  if (!existsSync(file)) throw new InvalidFile(`${file} is missing: checkpoint.json lists ${Object.keys(manifest).length} arrays in it`);
  const buf = readFileSync(file);
  for (const [k, s] of Object.entries(manifest)) {
    const C = ARR[s.dtype] as (typeof ARR)[ArrDType] | undefined;
    if (C === undefined || !Number.isSafeInteger(s.offset) || !Number.isSafeInteger(s.length) || s.offset < 0 || s.length < 0)
      throw new InvalidFile(`${join(dir, 'checkpoint.json')}: array '${k}' has a bad layout ${JSON.stringify(s)}`);
    const end = s.offset + s.length * C.BYTES_PER_ELEMENT;
    if (end > buf.length) throw new InvalidFile(`${file} is truncated: ${buf.length} bytes, checkpoint.json's array '${k}' ends at byte ${end}`);
    const copy = new Uint8Array(end - s.offset);
    copy.set(buf.subarray(s.offset, end));
    arrays[k] = new C(copy.buffer);
  }
  return arrays;
}

/**
 * Reads a directory written by {@link writeModelDir}; tensors in `weights` belong to the caller (dispose them).
 *
 * @example
 * ```ts
 * const m = await readModelDir(tf, 'runs/dqn');
 * ```
 */
export async function readModelDir(tf: Tf, dir: string): Promise<ModelDir> {
  if (existsSync(dir)) verifyManifest(dir);
  const handler = fileIOHandler(tf, dir);
  const a = await handler.load?.();
  if (a === undefined || a.weightSpecs === undefined || a.weightData === undefined) throw new InvalidFile(`${dir}/model.json has no weights`);
  const topology = (a.modelTopology ?? {}) as Record<string, unknown>;
  if (a.format !== 'tsgym-agent') throw new InvalidFile(`${dir}/model.json has format '${String(a.format)}', expected 'tsgym-agent'`);
  let weights: tfjs.NamedTensorMap;
  try {
    weights = tf.io.decodeWeights(a.weightData, a.weightSpecs);
  } catch (e) {
    // a truncated or foreign weights.bin makes the typed-array views overrun (RangeError)
    throw new InvalidFile(`${dir}/weights.bin does not match the weightsManifest of model.json (truncated or from another model): ${(e as Error).message}`);
  }
  const config = readJson(join(dir, 'config.json'));
  const out: ModelDir = { weights, topology, config };
  if (existsSync(join(dir, 'checkpoint.json'))) {
    const ck = readJson(join(dir, 'checkpoint.json'));
    out.checkpoint = ck;
    out.arrays = readArrays(dir, (ck.arrays ?? {}) as Record<string, ArraySpec>);
  }
  return out;
}
