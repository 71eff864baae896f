import { conflictLists } from '../network/movementConflicts.js';
import type { ImportLog } from './ImportLog.js';
import type { NetworkParts } from './NetworkParts.js';
import { protectedSplit } from './protectedSplit.js';
import { sumoProgramToPhases } from './sumoProgramToPhases.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

type SignalIn = NetworkParts['signals'][number];
type ConnIn = NetworkParts['connections'][number];
type NodeIn = NetworkParts['nodes'][number];

/**
 * Connections at a signalized junction that no signal controls (no `tl` in SUMO) keep their own right
 * of way: as always green (`O` major, `o` minor) in every phase and in the program as written.
 */
function uncontrolled(mine: Set<number>, connections: readonly ConnIn[], node: string, nodeOfConn: (c: number) => string): [number, string][] {
  const out: [number, string][] = [];
  connections.forEach((c, i) => {
    if (nodeOfConn(i) === node && !mine.has(i)) out.push([i, c.state === 'M' || c.state === undefined ? 'O' : 'o']);
  });
  return out;
}

/** A `tlLogic` element and the document it was read from (the network or an additional file). */
export interface LoadedProgram {
  readonly doc: XmlDocument;
  readonly el: XmlElement;
}

/**
 * The program each signal runs: as in SUMO, the one loaded last (the network's programs in file order,
 * then those of the additional files in the order the configuration lists them). Each program it
 * replaces is named in one warning.
 */
function activePrograms(all: readonly LoadedProgram[], log: ImportLog): Map<string, LoadedProgram> {
  const active = new Map<string, LoadedProgram>();
  for (const p of all) {
    const id = p.doc.str(p.el, 'tlLogic', 'id');
    const before = active.get(id);
    if (before) {
      const prog = (q: LoadedProgram): string => q.doc.str(q.el, `tlLogic '${id}'`, 'programID', '0');
      log.warn(
        before.doc.file,
        `tlLogic '${id}' program '${prog(before)}'`,
        `replaced by program '${prog(p)}' (${p.doc.file}:${p.doc.lineOf(p.el) ?? '?'}): SUMO runs the program loaded last`,
        { line: before.doc.lineOf(before.el) },
      );
    }
    active.set(id, p);
  }
  return active;
}

/**
 * Reads every `tlLogic` into NetworkSpec signals (phases for adaptive control, the program as written for
 * the fixed-time plan). A program controlling several junctions gives each its own copy; two `G`
 * movements of one phase that conflict become permitted; a signalized junction without a usable
 * program runs as a priority junction. A signal with several programs (in the network, or `loaded` from
 * additional files) runs the one loaded last, as SUMO does. With `offMinor` (SUMO's `tls.all-off`) every
 * signal is switched off instead: see offSignal.
 *
 * @example
 * ```ts
 * const signals = readSignals(doc, root, nodes, roads, junctionEl, connections, connTl, log);
 * ```
 */
export function readSignals(
  doc: XmlDocument,
  root: XmlElement,
  nodes: NodeIn[],
  roads: NetworkParts['roads'],
  junctionEl: Map<string, XmlElement>,
  connections: ConnIn[],
  connTl: Map<string, Map<number, number[]>>,
  log: ImportLog,
  loaded: readonly LoadedProgram[] = [],
  offMinor?: ReadonlySet<number>,
): SignalIn[] {
  const file = doc.file;
  const conflicts = conflictLists({ nodes, roads, connections });
  const nodeOfRoad = new Map(roads.map((r) => [r.id, r.to] as const));
  const nodeOfConn = (c: number): string => nodeOfRoad.get(connections[c]?.from ?? '') ?? '';
  const signals: SignalIn[] = [];
  for (const [id, { doc: tlDoc, el: tl }] of activePrograms([...doc.children(root, 'tlLogic').map((el) => ({ doc, el })), ...loaded], log)) {
    const links = connTl.get(id);
    if (!links) {
      log.warn(tlDoc.file, `tlLogic '${id}'`, 'controls no connection of a kept road: ignored', { line: tlDoc.lineOf(tl) });
      continue;
    }
    const byNode = new Map<string, Set<number>>();
    for (const list of links.values()) for (const c of list) byNode.set(nodeOfConn(c), (byNode.get(nodeOfConn(c)) ?? new Set<number>()).add(c));
    if (byNode.size > 1) {
      log.warn(tlDoc.file, `tlLogic '${id}'`, `controls ${byNode.size} junctions: each runs its own copy of the program (same timing and offset)`, {
        line: tlDoc.lineOf(tl),
      });
    }
    for (const [nodeId, mine] of byNode) {
      const node = nodes.find((n) => n.id === nodeId);
      if (!node) continue;
      if (node.type !== 'signalized') {
        log.warn(
          file,
          `junction '${nodeId}' of type ${String(junctionEl.get(nodeId)?.type)}`,
          `has connections controlled by tlLogic '${id}': run as a signalized junction`,
          { line: doc.lineOf(junctionEl.get(nodeId) ?? tl) },
        );
        node.type = 'signalized';
      }
      const myLinks = new Map([...links].map(([li, cs]) => [li, cs.filter((c) => mine.has(c))] as const));
      const prog = sumoProgramToPhases(tlDoc, tl, id, myLinks, log);
      const extra = uncontrolled(mine, connections, nodeId, nodeOfConn);
      const width = prog.program.links.length;
      for (const [c] of extra) prog.program.links.push([c]);
      const tail = extra.map((x) => x[1]).join('');
      for (const st of prog.program.steps) st.state = st.state.slice(0, width).padEnd(width, 'r') + tail;
      if (offMinor) {
        signals.push(offSignal(nodeId, prog.program, width, offMinor, conflicts, connections));
        continue;
      }
      let demoted = 0;
      const phases = prog.phases.map((ph) => {
        const green = [...ph.protected, ...extra.filter((x) => x[1] === 'O').map((x) => x[0])];
        const permitted = [...(ph.permitted ?? []), ...extra.filter((x) => x[1] === 'o').map((x) => x[0])];
        const split = protectedSplit(green, permitted, conflicts, (c) => connections[c]?.dir ?? 's');
        demoted += split.demoted.length;
        return { ...ph, protected: split.protectedConns, permitted: split.permittedConns };
      });
      if (demoted) {
        log.warn(
          tlDoc.file,
          `tlLogic '${id}'`,
          `${demoted} 'G' movement(s) cross or merge with another 'G' movement of the same phase: its own program runs them as SUMO does ` +
            '(both with right of way); under adaptive policies they run as permitted green (they yield)',
          { line: tlDoc.lineOf(tl) },
        );
      }
      signals.push({ node: nodeId, offset: prog.offset, phases, program: prog.program });
    }
  }
  for (const n of nodes) {
    if (n.type === 'signalized' && !signals.some((s) => s.node === n.id)) {
      log.warn(file, `junction '${n.id}'`, 'traffic_light without a usable program: run as a priority junction', {
        line: doc.lineOf(junctionEl.get(n.id) ?? root),
      });
      n.type = 'priority';
    }
  }
  return signals;
}

/**
 * A signal switched off, as SUMO's `tls.all-off` does (MSOffTrafficLightLogic): one endless step in which
 * each link index shows its off state from the network, `o` (blinking: yield, as a minor road) when one of
 * its connections has state `o`, else `O` (no signal: drive with the junction's right of way). Uncontrolled
 * connections keep theirs. The one phase gives `O` protected and `o` permitted green; an `O` movement that
 * crosses another `O` one yields (permitted), as the junction's own logic has it.
 */
function offSignal(
  node: string,
  program: SignalIn['program'] & object,
  width: number,
  offMinor: ReadonlySet<number>,
  conflicts: ReturnType<typeof conflictLists>,
  connections: readonly ConnIn[],
): SignalIn {
  const tail = program.steps[0]?.state.slice(width) ?? '';
  const head = program.links.slice(0, width).map((cs) => (cs.some((c) => offMinor.has(c)) ? 'o' : 'O'));
  const state = head.join('') + tail;
  const green: number[] = [];
  const permitted: number[] = [];
  program.links.forEach((cs, i) => (state[i] === 'o' ? permitted : green).push(...cs));
  const split = protectedSplit(green, permitted, conflicts, (c) => connections[c]?.dir ?? 's');
  // SUMO's off program has one phase of 120 s that repeats
  return {
    node,
    offset: 0,
    phases: [{ protected: split.protectedConns, permitted: split.permittedConns, duration: 120, yellow: 0 }],
    program: { links: program.links, steps: [{ duration: 120, state, green: 0, kind: 'green' }], ...(program.tl ? { tl: program.tl } : {}) },
  };
}
