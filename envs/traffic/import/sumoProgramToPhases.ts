import type { NetworkSpecInput } from '../network/NetworkSpec.js';
import type { ImportLog } from './ImportLog.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

type PhaseIn = NonNullable<NetworkSpecInput['signals']>[number]['phases'][number];
type ProgramIn = NonNullable<NonNullable<NetworkSpecInput['signals']>[number]['program']>;
type ActuationIn = NonNullable<ProgramIn['actuated']>;
type DelayBasedIn = NonNullable<ProgramIn['delayBased']>;

/** SUMO's keys of an actuated `tlLogic`'s `<param>`s that change nothing tsgym runs. */
const IGNORED_PARAMS = new Set(['show-detectors', 'file', 'freq', 'inactive-threshold', 'coordinated', 'cycleTime']);

/**
 * The gap-actuation settings of an actuated `tlLogic` from its `<param>`s (SUMO's defaults otherwise); features
 * of SUMO's actuated logic that tsgym does not run (custom detectors, per-link limits, conditions) get one
 * warning each.
 */
function readActuation(doc: XmlDocument, tl: XmlElement, id: string, log: ImportLog): ActuationIn {
  const out: ActuationIn = { laneMaxGap: {}, noDetector: [] };
  const what = `tlLogic '${id}' param`;
  for (const el of doc.children(tl, 'param')) {
    const key = doc.str(el, what, 'key');
    const value = doc.str(el, `${what} '${key}'`, 'value', '');
    const num = (min: number): number => doc.num(el, `${what} '${key}'`, 'value', undefined, { min });
    if (key === 'max-gap') out.maxGap = num(1e-9);
    else if (key === 'passing-time') out.passingTime = num(1e-9);
    else if (key === 'detector-gap') out.detectorGap = num(0);
    else if (key === 'jam-threshold') out.jamThreshold = doc.num(el, `${what} '${key}'`, 'value');
    else if (key.startsWith('max-gap:')) (out.laneMaxGap ??= {})[key.slice(8)] = num(1e-9);
    else if (value === 'NO_DETECTOR') (out.noDetector ??= []).push(key);
    else if (key === 'detector-length' && Number(value) === 0) continue;
    else if (key === 'vTypes' && value.trim() === '') continue;
    else if (!IGNORED_PARAMS.has(key)) {
      log.warn(doc.file, `${what} '${key}'`, 'not supported (custom detectors, per-link limits, vehicle-type filters): ignored', {
        key: `act-param:${key.split(':')[0] ?? key}`,
        line: doc.lineOf(el),
      });
    }
  }
  for (const tag of ['condition', 'assignment', 'function']) {
    if (doc.children(tl, tag).length > 0) log.warn(doc.file, `tlLogic '${id}' <${tag}>`, `not supported: ${IN_ORDER}`, { key: `act-tag:${tag}` });
  }
  return out;
}

const IN_ORDER = 'ignored (the phases run in order, extended by the gaps only)';

/** Program types tsgym runs as fixed-time programs: one warning each. */
function warnType(doc: XmlDocument, tl: XmlElement, id: string, type: string, log: ImportLog): void {
  if (type === 'static' || type === 'actuated' || type === 'delay_based') return;
  log.warn(doc.file, `tlLogic '${id}' type '${type}'`, 'run as a fixed-time program with the phase durations as written', { line: doc.lineOf(tl) });
}

/** SUMO's keys of a delay_based `tlLogic`'s `<param>`s that change nothing tsgym runs. */
const IGNORED_DELAY_PARAMS = new Set(['show-detectors', 'file', 'freq']);

/**
 * The settings of a delay_based `tlLogic` from its `<param>`s (`detectorRange`, `minTimeloss`; SUMO's
 * defaults otherwise); custom detectors and vehicle-type filters get one warning each.
 */
function readDelayBased(doc: XmlDocument, tl: XmlElement, id: string, log: ImportLog): DelayBasedIn {
  const out: DelayBasedIn = {};
  const what = `tlLogic '${id}' param`;
  for (const el of doc.children(tl, 'param')) {
    const key = doc.str(el, what, 'key');
    const value = doc.str(el, `${what} '${key}'`, 'value', '');
    if (key === 'detectorRange') out.detectorRange = doc.num(el, `${what} '${key}'`, 'value', undefined, { positive: true });
    else if (key === 'minTimeloss') out.minTimeLoss = doc.num(el, `${what} '${key}'`, 'value', undefined, { min: 0 });
    else if (key === 'vTypes' && value.trim() === '') continue;
    else if (!IGNORED_DELAY_PARAMS.has(key)) {
      log.warn(doc.file, `${what} '${key}'`, 'not supported (custom detectors, vehicle-type filters): ignored', { key: 'delay-param', line: doc.lineOf(el) });
    }
  }
  return out;
}

/** One warning per attribute of SUMO's switching rules (`next`, `earliestEnd`, ...) that an actuated phase uses. */
function warnPhaseAttributes(doc: XmlDocument, p: XmlElement, what: string, log: ImportLog): void {
  for (const attr of ['next', 'earliestEnd', 'latestEnd', 'earlyTarget', 'finalTarget'] as const) {
    if (p[attr] === undefined) continue;
    log.warn(doc.file, `${what} attribute '${attr}'`, `not supported: ${IN_ORDER}`, { key: `act-attr:${attr}`, line: doc.lineOf(p) });
  }
}

/** A SUMO phase with its role. */
interface RawPhase {
  readonly duration: number;
  readonly state: string;
  readonly kind: 'green' | 'yellow' | 'red';
  readonly minDur?: number;
  readonly maxDur?: number;
  readonly name?: string;
}

/**
 * The step the tsgym program starts from: the first green of positive duration. A program without any
 * green (a closed junction) is valid in SUMO: its first timed step becomes a phase that lets nobody pass.
 */
function firstGreen(doc: XmlDocument, tl: XmlElement, id: string, raw: RawPhase[], log: ImportLog): number {
  const first = raw.findIndex((p) => p.kind === 'green' && p.duration > 0);
  if (first >= 0) return first;
  const timed = raw.findIndex((p) => p.duration > 0);
  if (timed < 0) doc.fail(tl, `tlLogic '${id}'`, undefined, 'expected at least one phase of positive duration');
  const anchor = raw[timed];
  if (anchor) raw[timed] = { ...anchor, kind: 'green' };
  const msg = 'has no green: no movement ever gets right of way (an agent controlling it has no phase to give)';
  log.warn(doc.file, `tlLogic '${id}'`, msg, { line: doc.lineOf(tl) });
  return timed;
}

/**
 * Converts a SUMO `tlLogic` into NetworkSpec phases. A SUMO program lists every state, yellow and
 * all-red included (`GGgrrr`, `yyyrrr`, `rrrrrr`); a tsgym phase is a green with the yellow and all-red
 * that follow it. So: each phase with a green (`G` protected, `g` permitted, `o`/`O` off = permitted)
 * and no yellow starts a tsgym phase; following phases with a yellow (`y`/`Y`) add to its yellow time,
 * phases without green (`r`, `u`, `s`) to its all-red time. The program is rotated to start on a green
 * and the offset shifted by the rotation, so the timing stays that of SUMO. Connections shown `s` (stop,
 * right turn on red) in a green phase go after a full stop. The program as written comes back too
 * (`program`), for the fixed-time plan to run it step by step: yellow phases that keep some movements
 * green, and red-yellow or stop states, exactly as SUMO shows them.
 *
 * @example
 * ```ts
 * const { phases, offset } = sumoProgramToPhases(doc, tlElement, 'C', linkIndexToConnections, log);
 * ```
 */
export function sumoProgramToPhases(
  doc: XmlDocument,
  tl: XmlElement,
  id: string,
  links: Map<number, number[]>,
  log: ImportLog,
): { phases: PhaseIn[]; offset: number; program: ProgramIn } {
  const file = doc.file;
  const type = typeof tl.type === 'string' ? tl.type : 'static';
  const actuated = type === 'actuated' || type === 'delay_based';
  warnType(doc, tl, id, type, log);
  const actuation = type === 'actuated' ? readActuation(doc, tl, id, log) : undefined;
  const delayBased = type === 'delay_based' ? readDelayBased(doc, tl, id, log) : undefined;
  const raw: RawPhase[] = [];
  const els = doc.children(tl, 'phase');
  if (els.length === 0) doc.fail(tl, `tlLogic '${id}'`, undefined, 'expected at least one <phase>');
  const nLinks = Math.max(-1, ...links.keys()) + 1;
  els.forEach((p, k) => {
    const what = `tlLogic '${id}' phase ${k}`;
    const duration = doc.num(p, what, 'duration', undefined, { min: 0 });
    const state = doc.str(p, what, 'state');
    if (state.length < nLinks) doc.fail(p, what, 'state', `expected at least ${nLinks} signal characters (one per linkIndex)`, state);
    const bad = /[^GgyYrRuosO]/.exec(state);
    if (bad) doc.fail(p, what, 'state', `unknown signal character '${bad[0]}' (expected one of G g y Y r R u o O s)`, state);
    const green = /[GgoO]/.test(state);
    const yellow = /[yY]/.test(state);
    const kind = yellow ? 'yellow' : green ? 'green' : 'red';
    if (/[oO]/.test(state)) log.warn(file, `${what} state 'o'/'O' (signal off)`, 'run as permitted green (yield)', { key: `off:${id}`, line: doc.lineOf(p) });
    const minDur = actuated && p.minDur !== undefined ? doc.num(p, what, 'minDur', undefined, { min: 0 }) : undefined;
    const maxDur = actuated && p.maxDur !== undefined ? doc.num(p, what, 'maxDur', undefined, { positive: true }) : undefined;
    if (actuated) warnPhaseAttributes(doc, p, what, log);
    raw.push({
      duration,
      state,
      kind,
      ...(minDur !== undefined ? { minDur } : {}),
      ...(maxDur !== undefined ? { maxDur } : {}),
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
    });
  });
  const cycle = raw.reduce((a, p) => a + p.duration, 0);
  const first = firstGreen(doc, tl, id, raw, log);
  const lead = raw.slice(0, first).reduce((a, p) => a + p.duration, 0);
  const rotated = [...raw.slice(first), ...raw.slice(0, first)];
  const offset0 = doc.num(tl, `tlLogic '${id}'`, 'offset', 0);
  const offset = cycle > 0 ? (((offset0 + lead) % cycle) + cycle) % cycle : 0;
  const phases: PhaseIn[] = [];
  const steps: ProgramIn['steps'] = [];
  let last: { yellow: number; allRed: number } | undefined;
  for (const p of rotated) {
    if (p.kind === 'green' && p.duration > 0) {
      const prot: number[] = [];
      const perm: number[] = [];
      const stop: number[] = [];
      for (const [li, conns] of links) {
        const ch = p.state[li];
        if (ch === 'G' || ch === 'O') prot.push(...conns);
        else if (ch === 'g' || ch === 'o') perm.push(...conns);
        else if (ch === 's') stop.push(...conns);
      }
      const ph = {
        ...(p.name !== undefined ? { name: p.name } : {}),
        protected: prot.sort((a, b) => a - b),
        permitted: perm.sort((a, b) => a - b),
        stop: stop.sort((a, b) => a - b),
        duration: p.duration,
        yellow: 0,
        allRed: 0,
        ...(p.minDur !== undefined ? { minGreen: Math.min(p.minDur, p.duration) } : {}),
        ...(p.maxDur !== undefined ? { maxGreen: Math.max(p.maxDur, p.duration) } : {}),
      };
      phases.push(ph);
      last = ph;
    } else if (last) {
      if (p.kind === 'yellow') last.yellow += p.duration;
      else last.allRed += p.duration;
    }
    steps.push({
      duration: p.duration,
      state: p.state,
      green: Math.max(0, phases.length - 1),
      kind: p.kind === 'green' && p.duration > 0 ? 'green' : p.kind === 'green' ? 'red' : p.kind,
      // SUMO: a phase without minDur/maxDur keeps its duration (it is not actuated)
      ...(actuated ? { minDur: p.minDur ?? p.duration, maxDur: p.maxDur ?? p.duration } : {}),
    });
  }
  const nLinks2 = Math.max(-1, ...links.keys()) + 1;
  const program: ProgramIn = {
    links: Array.from({ length: nLinks2 }, (_, li) => links.get(li) ?? []),
    steps,
    tl: id,
    ...(actuation ? { actuated: { ...actuation, width: nLinks2 } } : {}),
    ...(delayBased ? { delayBased: { ...delayBased, width: nLinks2 } } : {}),
  };
  return { phases, offset, program };
}
