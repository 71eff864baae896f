import { InvalidConfig } from '../../../src/core/errors.js';
import type { CompiledNetwork } from '../engine/compileNetwork.js';
import type { SignalController } from '../engine/SignalController.js';
import type { TraciClient } from './TraciClient.js';
import { TraciBatch } from './protocol/TraciBatch.js';
import { getVariable } from './protocol/traciCommands.js';
import { CMD, VAR } from './protocol/traciConstants.js';
import { readControlledLinks, readLogics, type TraciLink, type TraciLogic } from './protocol/traciValues.js';
import { isGreenChar, programPhases, type ProgramPhases } from './sumoPrograms.js';

/** One SUMO traffic light as tsgym drives it. */
export interface SumoLight {
  readonly id: string;
  /** Number of links (length of its state string). */
  readonly links: number;
  /** The tsgym signal whose phase sets each link's character. */
  readonly owner: Int32Array;
  /** The tsgym signals of the light (several when one light controls several junctions). */
  readonly signals: readonly number[];
  readonly program: ProgramPhases;
}

/**
 * How tsgym's compiled network lies on SUMO's: each tsgym lane's SUMO lane id (lanes closed to cars
 * left out and the rest renumbered, as tsgym's importer does), each connection's traffic light and link
 * index, and each signal's light and program. Built from SUMO itself over TraCI (lane ids, disallowed
 * classes, controlled links, programs) and checked against the import: a lane count or a phase that
 * differs is an InvalidConfig naming it, never a silent mismatch.
 *
 * @example
 * ```ts
 * const map = SumoNetworkMap.build(client, engine.net, engine.signals, 'cross.sumocfg');
 * map.laneId[0]; // 'NC_0'
 * ```
 */
export class SumoNetworkMap {
  /** SUMO lane id of each tsgym lane, and the reverse. */
  readonly laneId: readonly string[];
  readonly laneOf: ReadonlyMap<string, number>;
  /** Engine road of each SUMO edge id. */
  readonly roadOf: ReadonlyMap<string, number>;
  readonly lights: readonly SumoLight[];
  /** Light index of each tsgym signal. */
  readonly lightOf: Int32Array;

  private constructor(laneId: string[], roadOf: Map<string, number>, lights: SumoLight[], lightOf: Int32Array) {
    this.laneId = laneId;
    this.laneOf = new Map(laneId.map((id, l) => [id, l]));
    this.roadOf = roadOf;
    this.lights = lights;
    this.lightOf = lightOf;
  }

  /** Queries SUMO and builds the map (three round trips). */
  static build(client: TraciClient, net: CompiledNetwork, sig: SignalController, scenario: string): SumoNetworkMap {
    const laneId = mapLanes(client, net, scenario);
    const laneOf = new Map(laneId.map((id, l) => [id, l]));
    const roadOf = new Map<string, number>();
    for (let r = 0; r < net.nRoads; r++) roadOf.set(net.roadIds[r] ?? '', r);
    const connOf = new Map<string, number>();
    for (let c = 0; c < net.nConns; c++) connOf.set(`${net.connFromLane[c]}>${net.connToLane[c]}`, c);
    const ids = sig.nSignals > 0 ? client.trafficLight.idList() : [];
    const b = new TraciBatch();
    const slots = ids.map(
      (id) =>
        [
          getVariable(b, CMD.GET_TL, VAR.TL_CONTROLLED_LINKS, id, readControlledLinks),
          getVariable(b, CMD.GET_TL, VAR.TL_COMPLETE_DEFINITION_RYG, id, readLogics),
          getVariable(b, CMD.GET_TL, VAR.TL_CURRENT_PROGRAM, id, (r) => r.typedString()),
        ] as const,
    );
    const res = ids.length ? client.send(b) : [];
    const signalOfNode = new Map<number, number>();
    for (let s = 0; s < sig.nSignals; s++) signalOfNode.set(sig.sigNode[s], s);
    const lightOf = new Int32Array(sig.nSignals).fill(-1);
    const lights: SumoLight[] = [];
    ids.forEach((id, t) => {
      const [li, di, pi] = slots[t];
      const links = res[li] as TraciLink[][];
      const logics = res[di] as TraciLogic[];
      const logic = logics.find((l) => l.programID === res[pi]) ?? logics[0];
      const owner = new Int32Array(links.length).fill(-1);
      const conns = links.map((alts) => {
        for (const k of alts) {
          const c = connOf.get(`${laneOf.get(k.from) ?? -1}>${laneOf.get(k.to) ?? -1}`);
          if (c !== undefined) return c;
        }
        return -1;
      });
      const signals = new Set<number>();
      conns.forEach((c, i) => {
        if (c < 0) return;
        const s = signalOfNode.get(net.connNode[c]);
        if (s === undefined) return;
        owner[i] = s;
        signals.add(s);
      });
      if (signals.size === 0 || !logic) return; // a light tsgym does not model (all its links left out)
      const first = [...signals][0];
      for (let i = 0; i < owner.length; i++) if (owner[i] === -1) owner[i] = first;
      const light: SumoLight = { id, links: links.length, owner, signals: [...signals].sort((x, y) => x - y), program: programPhases(logic) };
      for (const s of signals) lightOf[s] = lights.length;
      checkPhases(light, conns, sig, net, scenario);
      lights.push(light);
    });
    for (let s = 0; s < sig.nSignals; s++) {
      if (lightOf[s] === -1)
        throw new InvalidConfig(
          `${scenario}: the signal at junction '${net.nodeIds[sig.sigNode[s]]}' controls no link of any SUMO traffic light (tsgym's import and SUMO disagree)`,
        );
    }
    return new SumoNetworkMap(laneId, roadOf, lights, lightOf);
  }
}

/** SUMO lane ids of tsgym's lanes: per road (SUMO edge), its lanes open to passenger cars by index. */
function mapLanes(client: TraciClient, net: CompiledNetwork, scenario: string): string[] {
  const byEdge = new Map<string, { index: number; id: string }[]>();
  for (const id of client.lane.idList()) {
    if (id.startsWith(':')) continue;
    const cut = id.lastIndexOf('_');
    const edge = id.slice(0, cut);
    const list = byEdge.get(edge) ?? [];
    list.push({ index: Number(id.slice(cut + 1)), id });
    byEdge.set(edge, list);
  }
  const b = new TraciBatch();
  const asked: { road: number; lanes: { index: number; id: string }[]; slots: number[] }[] = [];
  for (let r = 0; r < net.nRoads; r++) {
    const edge = net.roadIds[r] ?? '';
    const lanes = (byEdge.get(edge) ?? []).sort((x, y) => x.index - y.index);
    if (lanes.length === 0) throw new InvalidConfig(`${scenario}: road '${edge}' of tsgym's import is not an edge of SUMO's network`);
    asked.push({ road: r, lanes, slots: lanes.map((l) => getVariable(b, CMD.GET_LANE, VAR.LANE_DISALLOWED, l.id, (rd) => rd.typedStringList())) });
  }
  const res = client.send(b);
  const laneId = new Array<string>(net.nLanes).fill('');
  for (const a of asked) {
    const open = a.lanes.filter((_, k) => !(res[a.slots[k]] as string[]).includes('passenger'));
    const n = net.roadLaneCount[a.road];
    if (open.length !== n)
      throw new InvalidConfig(`${scenario}: edge '${net.roadIds[a.road]}' has ${open.length} lane(s) open to cars in SUMO, tsgym's import has ${n}`);
    open.forEach((l, k) => (laneId[net.roadLaneStart[a.road] + k] = l.id));
  }
  return laneId;
}

/** Every phase of every tsgym signal of the light opens exactly the connections SUMO's green opens. */
function checkPhases(light: SumoLight, conns: readonly number[], sig: SignalController, net: CompiledNetwork, scenario: string): void {
  const greens = light.program.greens;
  for (const s of light.signals) {
    const node = net.nodeIds[sig.sigNode[s]];
    const np = sig.phaseCount(s);
    if (np !== greens.length)
      throw new InvalidConfig(
        `${scenario}: junction '${node}' has ${np} phase(s) in tsgym's import, SUMO's program of light '${light.id}' has ${greens.length} green phase(s)`,
      );
    const c0 = sig.sigConnStart[s];
    const nc = sig.sigConnStart[s + 1] - c0;
    const local = new Map<number, number>();
    for (let k = 0; k < nc; k++) local.set(sig.sigConns[c0 + k], k);
    for (let p = 0; p < np; p++) {
      const st = sig.phStateStart[sig.phaseStart[s] + p];
      conns.forEach((c, i) => {
        const k = local.get(c);
        if (k === undefined) return;
        const ours = sig.phState[st + k] > 0;
        // 's' (stop, then go: SUMO's right turn on red) is tsgym's stop state, which lets vehicles pass too
        const theirs = greens[p][i] ?? 'r';
        if (ours !== (isGreenChar(theirs) || theirs === 's'))
          throw new InvalidConfig(
            `${scenario}: phase ${p} of junction '${node}': link ${i} of light '${light.id}' ` +
              `(${net.roadIds[net.laneRoad[net.connFromLane[c]]]} -> ${net.roadIds[net.laneRoad[net.connToLane[c]]]}) ` +
              `is ${ours ? 'green' : 'red'} in tsgym's import and not in SUMO's program`,
          );
      });
    }
  }
}
