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

/**
 * Reads every `tlLogic` into NetworkSpec signals (phases for adaptive control, the program as written for
 * the fixed-time plan). A program controlling several junctions gives each its own copy; two `G`
 * movements of one phase that conflict become permitted; a signalized junction without a usable
 * program runs as a priority junction.
 *
 * @example
 * ```ts
 * const signals = readSignals(doc, root, nodes, roads, junctionEl, connections, connTl, log);
 * ```
 */
export function readSignals(doc: XmlDocument, root: XmlElement, nodes: NodeIn[], roads: NetworkParts['roads'], junctionEl: Map<string, XmlElement>, connections: ConnIn[], connTl: Map<string, Map<number, number[]>>, log: ImportLog): SignalIn[] {
  const file = doc.file;
  const conflicts = conflictLists({ nodes, roads, connections });
  const nodeOfRoad = new Map(roads.map((r) => [r.id, r.to] as const));
  const nodeOfConn = (c: number): string => nodeOfRoad.get(connections[c]?.from ?? '') ?? '';
  const signals: SignalIn[] = [];
  const seen = new Set<string>();
  for (const tl of doc.children(root, 'tlLogic')) {
    const id = doc.str(tl, 'tlLogic', 'id');
    const programId = doc.str(tl, `tlLogic '${id}'`, 'programID', '0');
    if (seen.has(id)) {
      log.warn(file, `tlLogic '${id}' program '${programId}'`, 'a second program of the same signal: tsgym runs the first one', { line: doc.lineOf(tl) });
      continue;
    }
    seen.add(id);
    const links = connTl.get(id);
    if (!links) {
      log.warn(file, `tlLogic '${id}'`, 'controls no connection of a kept road: ignored', { line: doc.lineOf(tl) });
      continue;
    }
    const byNode = new Map<string, Set<number>>();
    for (const list of links.values()) for (const c of list) byNode.set(nodeOfConn(c), (byNode.get(nodeOfConn(c)) ?? new Set<number>()).add(c));
    if (byNode.size > 1) log.warn(file, `tlLogic '${id}'`, `controls ${byNode.size} junctions: each runs its own copy of the program (same timing and offset)`, { line: doc.lineOf(tl) });
    for (const [nodeId, mine] of byNode) {
      const node = nodes.find((n) => n.id === nodeId);
      if (!node) continue;
      if (node.type !== 'signalized') {
        log.warn(file, `junction '${nodeId}' of type ${String(junctionEl.get(nodeId)?.type)}`, `has connections controlled by tlLogic '${id}': run as a signalized junction`, { line: doc.lineOf(junctionEl.get(nodeId) ?? tl) });
        node.type = 'signalized';
      }
      const myLinks = new Map([...links].map(([li, cs]) => [li, cs.filter((c) => mine.has(c))] as const));
      const prog = sumoProgramToPhases(doc, tl, id, myLinks, log);
      const extra = uncontrolled(mine, connections, nodeId, nodeOfConn);
      const width = prog.program.links.length;
      for (const [c] of extra) prog.program.links.push([c]);
      const tail = extra.map((x) => x[1]).join('');
      for (const st of prog.program.steps) st.state = st.state.slice(0, width).padEnd(width, 'r') + tail;
      let demoted = 0;
      const phases = prog.phases.map((ph) => {
        const green = [...ph.protected, ...extra.filter((x) => x[1] === 'O').map((x) => x[0])];
        const permitted = [...(ph.permitted ?? []), ...extra.filter((x) => x[1] === 'o').map((x) => x[0])];
        const split = protectedSplit(green, permitted, conflicts, (c) => connections[c]?.dir ?? 's');
        demoted += split.demoted.length;
        return { ...ph, protected: split.protectedConns, permitted: split.permittedConns };
      });
      if (demoted) log.warn(file, `tlLogic '${id}'`, `${demoted} 'G' movement(s) cross or merge with another 'G' movement of the same phase: run as permitted green (they yield)`, { line: doc.lineOf(tl) });
      signals.push({ node: nodeId, offset: prog.offset, phases, program: prog.program });
    }
  }
  for (const n of nodes) {
    if (n.type === 'signalized' && !signals.some((s) => s.node === n.id)) {
      log.warn(file, `junction '${n.id}'`, 'traffic_light without a usable program: run as a priority junction', { line: doc.lineOf(junctionEl.get(n.id) ?? root) });
      n.type = 'priority';
    }
  }
  return signals;
}
