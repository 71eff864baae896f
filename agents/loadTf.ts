import * as tf from '@tensorflow/tfjs';

/** The TensorFlow.js module every agent computes with. */
export type Tf = typeof tf;

/** Backends `loadTf` can pick, best first. */
export type TfBackendName = 'node' | 'wasm' | 'cpu';

/** Options of {@link loadTf}. */
export interface LoadTfOptions {
  /** Force a backend (default: `TSGYM_TF_BACKEND`, else the best that loads). */
  backend?: TfBackendName;
  /** Do not log the active backend to stderr (also `TSGYM_TF_QUIET=1`). */
  quiet?: boolean;
}

let active: TfBackendName | undefined;
let pending: Promise<Tf> | undefined;

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

async function tryNode(): Promise<boolean> {
  if (!isNode) return false;
  try {
    // optional dependency: cannot be installed everywhere (its install downloads a native binary)
    const name = '@tensorflow/tfjs-node';
    await import(/* @vite-ignore */ name);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (isNode) {
      // in Node the .wasm files are read from the package's dist folder by file path
      const { createRequire } = await import('node:module');
      const path = await import('node:path');
      const require = createRequire(import.meta.url);
      const file = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
      wasm.setWasmPaths(path.dirname(file) + path.sep);
    }
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

async function pick(opts: LoadTfOptions): Promise<Tf> {
  const env = isNode ? process.env.TSGYM_TF_BACKEND : undefined;
  const forced = opts.backend ?? (env === 'node' || env === 'wasm' || env === 'cpu' ? env : undefined);
  if (env !== undefined && env !== '' && forced === undefined) {
    throw new Error(`TSGYM_TF_BACKEND must be one of node, wasm, cpu, got '${env}'`);
  }
  const order: TfBackendName[] = forced ? [forced] : ['node', 'wasm', 'cpu'];
  for (const b of order) {
    const ok = b === 'node' ? await tryNode() : b === 'wasm' ? await tryWasm() : await tf.setBackend('cpu');
    if (ok) {
      await tf.ready();
      active = b;
      const quiet = opts.quiet === true || (isNode && process.env.TSGYM_TF_QUIET === '1');
      if (!quiet && isNode) process.stderr.write(`tsgym: TensorFlow.js backend '${tf.getBackend()}' (${b})\n`);
      return tf;
    }
  }
  throw new Error(`TensorFlow.js backend '${order.join(', ')}' could not be initialised${forced === 'node' ? ' (is @tensorflow/tfjs-node installed?)' : ''}`);
}

/**
 * Loads TensorFlow.js with the fastest backend available: `@tensorflow/tfjs-node` when it loads, else
 * `@tensorflow/tfjs-backend-wasm`, else cpu. `TSGYM_TF_BACKEND=node|wasm|cpu` (or `opts.backend`) forces
 * one. The active backend is logged once to stderr (silence with `quiet` or `TSGYM_TF_QUIET=1`).
 * Later calls return the same module; a different forced backend switches to it.
 *
 * @example
 * ```ts
 * const tf = await loadTf();               // 'wasm' on a machine without tfjs-node
 * const tfCpu = await loadTf({ backend: 'cpu', quiet: true });
 * ```
 */
export async function loadTf(opts: LoadTfOptions = {}): Promise<Tf> {
  if (pending !== undefined) {
    try {
      await pending;
      const env = isNode ? process.env.TSGYM_TF_BACKEND : undefined;
      const wanted = opts.backend ?? (env === undefined || env === '' ? undefined : env);
      if (wanted === undefined || wanted === active) return tf;
    } catch {
      // a failed pick (e.g. a forced backend that cannot load) does not stick
    }
  }
  pending = pick(opts);
  return pending;
}

/** The backend chosen by the last `loadTf`, or undefined before it ran. */
export function activeBackend(): TfBackendName | undefined {
  return active;
}
