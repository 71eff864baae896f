import { InvalidFile } from '../../src/core/errors.js';
import { countPacked, unpackInts } from './packInts.js';
import { recordingSchema } from './recordingSchema.js';
import { JOB_LOCATIONS, MACHINE_STATES, RECORDING_FORMAT, RECORDING_VERSIONS } from './types.js';
import type { Frame, FrameExplanation, Recording, RecordingExplain, Scene } from './types.js';

function fmtPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

function checkColumns(where: string, cols: Record<string, readonly number[]>): number {
  let n = -1;
  for (const [k, col] of Object.entries(cols)) {
    if (n < 0) n = col.length;
    else if (col.length !== n) throw new InvalidFile(`${where}: column '${k}' has ${col.length} entries, expected ${n} like the others`);
  }
  return Math.max(n, 0);
}

function checkIds(where: string, ids: ArrayLike<number>): void {
  for (let i = 0; i < ids.length; i++) {
    const d = ids[i] ?? 0;
    if (!Number.isInteger(d) || (i > 0 && d <= 0) || (i === 0 && d < 0)) {
      throw new InvalidFile(`${where}: ids must be delta-coded ascending integers >= 0 (entry ${i} is ${d})`);
    }
  }
}

let idScratch = new Int32Array(1024);

/** Checks a frame's packed vehicle columns: alphabet, counts equal to `n`, ascending ids. */
export function checkVehicles(at: string, v: NonNullable<Frame['vehicles']>): void {
  for (const k of ['id', 'x', 'y', 'h', 'v', 'w'] as const) {
    const c = countPacked(v[k]);
    if (c < 0) throw new InvalidFile(`${at}.vehicles.${k}: not a packed integer column (bad character or unfinished value)`);
    if (c !== v.n) throw new InvalidFile(`${at}.vehicles.${k}: has ${c} values, expected n = ${v.n}`);
  }
  if (idScratch.length < v.n) idScratch = new Int32Array(v.n * 2);
  unpackInts(v.id, idScratch);
  checkIds(`${at}.vehicles`, idScratch.subarray(0, v.n));
}

function checkFrame(scene: Scene, f: Frame, i: number, where: string, deep: boolean): void {
  const at = `${where}: frames[${i}]`;
  if (f.vehicles && deep) checkVehicles(at, f.vehicles);
  if (scene.kind === 'traffic') {
    const s = f.signals ?? '';
    if (s.length !== scene.signals.length) throw new InvalidFile(`${at}.signals: ${s.length} states for ${scene.signals.length} signal heads`);
    return;
  }
  const nm = scene.machines.length;
  if (f.machines) {
    checkColumns(`${at}.machines`, { ...f.machines });
    if (f.machines.s.length !== nm) throw new InvalidFile(`${at}.machines: ${f.machines.s.length} states for ${nm} machines`);
    for (const s of f.machines.s)
      if (!Number.isInteger(s) || s < 0 || s >= MACHINE_STATES.length) throw new InvalidFile(`${at}.machines.s: unknown state code ${s}`);
  }
  if (f.jobs) {
    const n = checkColumns(`${at}.jobs`, { ...f.jobs });
    checkIds(`${at}.jobs`, f.jobs.id);
    const nb = scene.buffers.length;
    const ns = scene.stations.length;
    for (let j = 0; j < n; j++) {
      const loc = f.jobs.loc[j] ?? -1;
      const a = f.jobs.at[j] ?? -1;
      const limit = loc === 0 ? nb : loc === 1 ? nm : ns;
      if (!Number.isInteger(loc) || loc < 0 || loc >= JOB_LOCATIONS.length) throw new InvalidFile(`${at}.jobs.loc[${j}]: unknown location code ${loc}`);
      if (!Number.isInteger(a) || a < 0 || a >= limit)
        throw new InvalidFile(`${at}.jobs.at[${j}]: ${a} is not a valid ${JOB_LOCATIONS[loc]} index (0..${limit - 1})`);
      const to = f.jobs.to[j] ?? -1;
      if (loc === 2 && (!Number.isInteger(to) || to < 0 || to >= ns)) throw new InvalidFile(`${at}.jobs.to[${j}]: ${to} is not a station index`);
    }
  }
}

function checkScene(scene: Scene, where: string): void {
  if (scene.kind === 'traffic') {
    scene.signals.forEach((s, i) => {
      if (s.lane >= scene.lanes.length) throw new InvalidFile(`${where}: scene.signals[${i}].lane ${s.lane} is out of range (${scene.lanes.length} lanes)`);
    });
    return;
  }
  scene.machines.forEach((m, i) => {
    if (m.station >= scene.stations.length)
      throw new InvalidFile(`${where}: scene.machines[${i}].station ${m.station} is out of range (${scene.stations.length} stations)`);
  });
  scene.flows.forEach(([a, b], i) => {
    if (a >= scene.stations.length || b >= scene.stations.length) throw new InvalidFile(`${where}: scene.flows[${i}] names a station out of range`);
  });
}

/**
 * Feature names and action labels of agent key `key` (its override, else the recording-wide ones).
 *
 * @example
 * ```ts
 * explainNames(rec.explain, 'J1').actions; // ['phase 0 (n_in, s_in)', 'phase 1 (e_in, w_in)']
 * ```
 */
export function explainNames(ex: RecordingExplain, key: string): { features: readonly string[]; actions: readonly string[] } {
  const own = ex.agents?.[key];
  return { features: own?.features ?? ex.features, actions: own?.actions ?? ex.actions };
}

/** Sizes of each explanation against the header: kind, one value per action label, one attribution per feature. */
function checkExplanations(rec: Recording, all: Record<string, FrameExplanation>, at: string): void {
  const ex = rec.explain;
  if (rec.version < 2) throw new InvalidFile(`${at}: explanations need recording version 2 (the file says version ${rec.version})`);
  if (ex === undefined) throw new InvalidFile(`${at}: explanations need the recording's explain header (feature names and action labels)`);
  for (const key of Object.keys(all)) {
    const e = all[key];
    const { features, actions } = explainNames(ex, key);
    const k = `${at}.${key}`;
    if (e.kind !== ex.kind) throw new InvalidFile(`${k}.kind: '${e.kind}', expected '${ex.kind}' like the explain header`);
    if (e.values.length !== actions.length) throw new InvalidFile(`${k}.values: ${e.values.length} values for ${actions.length} action labels`);
    const acts = typeof e.action === 'number' ? [e.action] : e.action;
    e.outputs.forEach((o, j) => {
      if (o.output >= e.values.length) throw new InvalidFile(`${k}.outputs[${j}].output: ${o.output} is not an index of the ${e.values.length} values`);
      if (o.attribution.length !== features.length)
        throw new InvalidFile(`${k}.outputs[${j}].attribution: ${o.attribution.length} entries for ${features.length} features`);
    });
    if (e.kind !== 'mean' && acts.some((a) => !Number.isInteger(a)))
      throw new InvalidFile(`${k}.action: expected whole action numbers, got ${JSON.stringify(e.action)}`);
  }
}

/**
 * Validates a parsed JSON value as a tsgym episode recording and returns it typed. Anything else (a
 * different format, another version, a malformed field, inconsistent columns) throws `InvalidFile`
 * with one clear line naming `where` and the problem. `deep: false` skips unpacking the vehicle
 * columns (the viewer checks each frame's columns when it first draws it).
 *
 * @example
 * ```ts
 * const rec = parseRecording(JSON.parse(text), 'episode.json');
 * rec.frames.length;
 * ```
 */
export function parseRecording(value: unknown, where = 'recording', opts: { deep?: boolean } = {}): Recording {
  const deep = opts.deep ?? true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidFile(`${where} is not a tsgym episode recording: expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const head = value as { format?: unknown; version?: unknown };
  if (head.format !== RECORDING_FORMAT) {
    throw new InvalidFile(`${where} is not a tsgym episode recording: format is ${JSON.stringify(head.format) ?? 'missing'}, expected "${RECORDING_FORMAT}"`);
  }
  if (typeof head.version !== 'number' || !RECORDING_VERSIONS.includes(head.version)) {
    throw new InvalidFile(
      `${where} has recording version ${JSON.stringify(head.version) ?? 'missing'}; this tsgym reads versions ${RECORDING_VERSIONS.join(' and ')}`,
    );
  }
  const r = recordingSchema.safeParse(value);
  if (!r.success) {
    const iss = r.error.issues[0];
    const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more problems)` : '';
    throw new InvalidFile(`${where} is a malformed recording: ${iss ? `${fmtPath(iss.path)}: ${iss.message}` : 'invalid'}${more}`);
  }
  const rec = r.data as Recording;
  checkScene(rec.scene, where);
  if (rec.explain !== undefined && rec.version < 2) throw new InvalidFile(`${where}: explain needs recording version 2 (the file says version ${rec.version})`);
  for (let i = 0; i < rec.frames.length; i++) {
    const f = rec.frames[i];
    if (!f) continue;
    const prev = rec.frames[i - 1];
    if (prev !== undefined && f.t < prev.t)
      throw new InvalidFile(`${where}: frames[${i}].t = ${f.t} is before frames[${i - 1}].t = ${prev.t}: frames must be in time order`);
    checkFrame(rec.scene, f, i, where, deep);
    if (f.explanations !== undefined) checkExplanations(rec, f.explanations, `${where}: frames[${i}].explanations`);
  }
  return rec;
}
