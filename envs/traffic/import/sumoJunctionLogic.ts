import type { ImportLog } from './ImportLog.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

/** A connection's right-of-way fields as NetworkSpec takes them. */
export interface LogicFields {
  foes?: number[];
  response?: number[];
  internalResponse?: number[];
  internalFoes?: [number, number][];
}

/** What the junction logic needs to know about the imported connections. */
export interface LogicInput {
  /** Connection index and piece (0, 1) of each internal lane id. */
  readonly viaOf: Map<string, [number, number]>;
  /** Connection indices leaving each SUMO normal lane id, with the id of their first internal lane. */
  readonly fromLane: Map<string, [number, string][]>;
  /** Number of internal lanes of each connection. */
  readonly pieces: (c: number) => number;
  /**
   * The links out of each SUMO normal lane id in file order (SUMO's link order), as connection indices
   * (undefined: a connection left out); links into walking areas are not counted, as SUMO does not.
   */
  readonly laneLinks: Map<string, (number | undefined)[]>;
}

/** Link indices set in a SUMO request bit string (the rightmost character is link 0). */
function bits(s: string): number[] {
  const out: number[] = [];
  for (let j = 0; j < s.length; j++) if (s[s.length - 1 - j] === '1') out.push(j);
  return out;
}

/**
 * Reads SUMO's right-of-way logic: each junction's `<request>` rows (which links cross which, and
 * which each yields to, indexed through `intLanes`, or through the incoming lanes' links in a net without
 * internal lanes) and its internal junctions (where split turns wait:
 * the links they wait for and the internal lanes that must be clear). Returns the fields per connection.
 *
 * @example
 * ```ts
 * const logic = sumoJunctionLogic(doc, junctions, input, log); // logic.get(c)?.response
 * ```
 */
export function sumoJunctionLogic(doc: XmlDocument, junctions: readonly XmlElement[], input: LogicInput, log: ImportLog): Map<number, LogicFields> {
  const out = new Map<number, LogicFields>();
  const get = (c: number): LogicFields => out.get(c) ?? (out.set(c, {}), out.get(c) as LogicFields);
  for (const j of junctions) {
    const id = doc.str(j, 'junction', 'id');
    if (j.type === 'internal') continue;
    const intLanes = typeof j.intLanes === 'string' ? j.intLanes.trim().split(/\s+/).filter((x) => x !== '') : [];
    // a net without internal lanes (netconvert --no-internal-links) numbers the links as SUMO does: the
    // incoming lanes in order, each lane's links in file order
    const incLanes = typeof j.incLanes === 'string' ? j.incLanes.trim().split(/\s+/).filter((x) => x !== '') : [];
    const conns = intLanes.length > 0 ? intLanes.map((l) => input.viaOf.get(l)?.[0]) : incLanes.flatMap((l) => input.laneLinks.get(l) ?? []);
    const requests = doc.children(j, 'request');
    // a junction without logic (unregulated): SUMO gives its links no foes, so nobody yields or waits inside
    if (requests.length === 0)
      for (const c of conns) {
        if (c === undefined) continue;
        const f = get(c);
        f.response = [];
        f.foes = [];
      }
    for (const r of requests) {
      const i = doc.num(r, `request of junction '${id}'`, 'index', undefined, { min: 0 });
      const c = conns[i];
      const respLinks = bits(doc.str(r, `request ${i} of junction '${id}'`, 'response', ''));
      if (c === undefined) continue;
      const map = (links: number[]): number[] => [...new Set(links.map((k) => conns[k]).filter((x): x is number => x !== undefined && x !== c))];
      const f = get(c);
      f.response = map(respLinks);
      f.foes = map(bits(doc.str(r, `request ${i} of junction '${id}'`, 'foes', '')));
    }
  }
  let missing = 0;
  for (const j of junctions) {
    if (j.type !== 'internal') continue;
    const inc = typeof j.incLanes === 'string' ? j.incLanes.trim().split(/\s+/) : [];
    const ints = typeof j.intLanes === 'string' ? j.intLanes.trim().split(/\s+/).filter((x) => x !== '') : [];
    const own = input.viaOf.get(inc[0] ?? '');
    // the internal junction of a connection left out (lanes for pedestrians, bicycles or rail) needs nothing
    if (!own) continue;
    if (input.pieces(own[0]) < 2) {
      missing++;
      continue;
    }
    const f = get(own[0]);
    const intSet = new Set(ints);
    const ir: number[] = [];
    for (const lane of inc.slice(1)) for (const [c, first] of input.fromLane.get(lane) ?? []) if (intSet.has(first)) ir.push(c);
    f.internalResponse = [...new Set(ir)];
    const ownResp = new Set(f.response ?? []);
    const foes: [number, number][] = [];
    for (const lane of ints) {
      const v = input.viaOf.get(lane);
      if (!v) continue;
      if (v[1] === 0 && input.pieces(v[0]) >= 2) {
        if (ownResp.has(v[0])) foes.push([v[0], 0]);
        foes.push([v[0], 1]);
      } else foes.push(v);
    }
    f.internalFoes = foes.filter(([c]) => c !== own[0]);
  }
  if (missing) {
    log.warn(doc.file, `internal junctions (${missing})`, 'of connections that are not split into two internal lanes: ignored', { key: 'ij-missing' });
  }
  return out;
}
