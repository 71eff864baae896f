import type { TraciReader } from './TraciReader.js';
import { TraciProtocolError } from './TraciProtocolError.js';
import { TYPE } from './traciConstants.js';

/** One phase of a signal program as SUMO reports it. */
export interface TraciPhase {
  readonly duration: number;
  readonly state: string;
  readonly minDur: number;
  readonly maxDur: number;
  readonly next: readonly number[];
  readonly name: string;
}

/** A signal program (`TL_COMPLETE_DEFINITION_RYG`). */
export interface TraciLogic {
  readonly programID: string;
  readonly type: number;
  readonly currentPhaseIndex: number;
  readonly phases: readonly TraciPhase[];
  readonly params: Readonly<Record<string, string>>;
}

/** One controlled link of a signal: incoming lane, outgoing lane, the internal lane between them. */
export interface TraciLink {
  readonly from: string;
  readonly to: string;
  readonly via: string;
}

function compound(r: TraciReader, what: string): number {
  r.expectType(TYPE.COMPOUND, what);
  return r.int();
}

/**
 * Reads `TL_CONTROLLED_LINKS` (0x27): for each link index of the signal, the links it controls
 * (usually one; several when lanes merge).
 *
 * @example
 * ```ts
 * getVariable(b, CMD.GET_TL, VAR.TL_CONTROLLED_LINKS, 'C', readControlledLinks); // [[{ from, to, via }], ...]
 * ```
 */
export function readControlledLinks(r: TraciReader): TraciLink[][] {
  compound(r, 'controlled links');
  const n = r.typedInt('number of link indices');
  const out: TraciLink[][] = [];
  for (let i = 0; i < n; i++) {
    const m = r.typedInt(`number of links of link index ${i}`);
    const links: TraciLink[] = [];
    for (let k = 0; k < m; k++) {
      const [from = '', to = '', via = ''] = r.typedStringList(`link ${k} of link index ${i}`);
      links.push({ from, to, via });
    }
    out.push(links);
  }
  return out;
}

/**
 * Reads `TL_COMPLETE_DEFINITION_RYG` (0x2b): every program of a signal with its phases.
 *
 * @example
 * ```ts
 * const [logic] = results[i] as TraciLogic[]; logic.phases[0].state; // 'GGgrrrGGgrrr'
 * ```
 */
export function readLogics(r: TraciReader): TraciLogic[] {
  const n = compound(r, 'signal programs');
  const out: TraciLogic[] = [];
  for (let i = 0; i < n; i++) {
    compound(r, `program ${i}`);
    const programID = r.typedString('programID');
    const type = r.typedInt('program type');
    const currentPhaseIndex = r.typedInt('current phase');
    const np = compound(r, 'phases');
    const phases: TraciPhase[] = [];
    for (let p = 0; p < np; p++) {
      compound(r, `phase ${p}`);
      const duration = r.typedDouble('duration');
      const state = r.typedString('state');
      const minDur = r.typedDouble('minDur');
      const maxDur = r.typedDouble('maxDur');
      const nn = compound(r, 'next phases');
      const next = Array.from({ length: nn }, () => r.typedInt('next phase'));
      const name = r.typedString('phase name');
      phases.push({ duration, state, minDur, maxDur, next, name });
    }
    const nParams = compound(r, 'parameters');
    const params: Record<string, string> = {};
    for (let k = 0; k < nParams; k++) {
      const [key = '', value = ''] = r.typedStringList('parameter');
      params[key] = value;
    }
    out.push({ programID, type, currentPhaseIndex, phases, params });
  }
  return out;
}

/**
 * Reads a `POSITION_2D` value (x, y in metres).
 *
 * @example
 * ```ts
 * getVariable(b, CMD.GET_VEHICLE, VAR.VAR_POSITION, 'v0', readPosition); // { x: 12.5, y: -1.6 }
 * ```
 */
export function readPosition(r: TraciReader): { x: number; y: number } {
  const t = r.ubyte();
  if (t !== TYPE.POSITION_2D) throw new TraciProtocolError(`TraCI answer: expected a 2D position (type 0x01), got type 0x${t.toString(16)}`);
  return { x: r.double(), y: r.double() };
}
