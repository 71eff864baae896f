import type { NetworkParts } from './NetworkParts.js';
import type { ImportLog } from './ImportLog.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';

/** A stop as importers write it. */
export interface StopIn {
  road: string;
  lane?: number;
  endPos?: number;
  duration: number;
  until?: number;
  parking?: boolean;
}

/** A stopping place of an additional file (`busStop`, `trainStop`, `containerStop`, `chargingStation`, `parkingArea`). */
interface Place {
  lane: string;
  endPos?: number;
  parking: boolean;
}

/** The stopping-place elements of SUMO additional files. */
export const PLACE_TAGS = ['busStop', 'trainStop', 'containerStop', 'chargingStation', 'parkingArea'] as const;

/**
 * Reads SUMO `<stop>` elements (SUMO's "Stops and waypoints"): where (a `lane`, an `edge`, or a stopping
 * place of an additional file), the end position of the front, `duration` and `until`. Stops for persons
 * or containers (`triggered`, `expected`) keep only their duration; parking stops (`parking="true"`, a
 * `parkingArea`) take the vehicle off the lane, at the area's first lot; waypoints (`speed`) are driven
 * through. Each of these is warned once.
 *
 * @example
 * ```ts
 * const stops = new SumoStops(net, log);
 * stops.readPlaces(doc, root);
 * const list = stops.read(doc, vehicleEl, "vehicle 'v1'");
 * ```
 */
export class SumoStops {
  private readonly places = new Map<string, Place>();
  private readonly roadIx: Map<string, number>;
  /** How many stop elements were read. */
  count = 0;

  constructor(private readonly net: NetworkParts, private readonly log: ImportLog) {
    this.roadIx = new Map(net.roads.map((r, i) => [r.id, i] as const));
  }

  /** Registers the stopping places of a file. */
  readPlaces(doc: XmlDocument, root: XmlElement): void {
    for (const tag of PLACE_TAGS) {
      for (const el of doc.children(root, tag)) {
        const id = doc.str(el, tag, 'id');
        const what = `${tag} '${id}'`;
        const lane = doc.str(el, what, 'lane');
        if (!this.net.laneMap?.has(lane)) doc.fail(el, what, 'lane', `unknown lane '${lane}'`);
        let endPos = el.endPos !== undefined ? doc.num(el, what, 'endPos') : undefined;
        if (tag === 'parkingArea') endPos = this.firstLot(doc, el, what, lane, endPos);
        this.places.set(id, { lane, ...(endPos !== undefined ? { endPos } : {}), parking: tag === 'parkingArea' });
      }
    }
  }

  /**
   * Where a vehicle parks in a parking area with `roadsideCapacity` lots: the end of the first lot
   * (SUMO's choice in an empty area; lots split the area evenly). Occupancy is not followed: every
   * vehicle parks there, and a full area makes nobody wait (one warning).
   */
  private firstLot(doc: XmlDocument, el: XmlElement, what: string, lane: string, endPos: number | undefined): number | undefined {
    const m = this.net.laneMap?.get(lane);
    const len = m ? (this.net.roads[m[0]]?.lanes[m[1]]?.length ?? 0) : 0;
    const at = (x: number): number => (x < 0 ? len + x : x);
    const begin = at(el.startPos !== undefined ? doc.num(el, what, 'startPos') : 0);
    const end = at(endPos ?? len);
    const capacity = el.roadsideCapacity !== undefined ? doc.num(el, what, 'roadsideCapacity', undefined, { min: 0 }) : 0;
    this.log.warn(doc.file, '<parkingArea>', 'vehicles park at its first lot; its capacity is not followed (a full area makes nobody wait)', {
      key: 'stop:area',
      line: doc.lineOf(el),
    });
    return capacity >= 1 ? begin + (end - begin) / capacity : end;
  }

  /** The stops nested in `el` (a vehicle, trip, flow or route), in order. */
  read(doc: XmlDocument, el: XmlElement, what: string): StopIn[] {
    const out: StopIn[] = [];
    for (const s of doc.children(el, 'stop')) {
      this.count++;
      const stop = this.readOne(doc, s, `stop of ${what}`);
      if (stop) out.push(stop);
    }
    return out;
  }

  private readOne(doc: XmlDocument, s: XmlElement, what: string): StopIn | undefined {
    const line = doc.lineOf(s);
    if (s.speed !== undefined && doc.num(s, what, 'speed', undefined, { min: 0 }) > 0) {
      this.log.warn(doc.file, '<stop speed=...> (waypoint)', 'waypoints are driven through', { key: 'stop:waypoint', line });
      return undefined;
    }
    const placeAttr = PLACE_TAGS.find((t) => typeof s[t] === 'string');
    let laneId: string | undefined;
    let endPos: number | undefined;
    let parking = s.parking === 'true' || s.parking === '1';
    if (placeAttr) {
      const id = String(s[placeAttr]);
      const p = this.places.get(id) ?? doc.fail(s, what, placeAttr, `unknown ${placeAttr} '${id}' (stopping places are read from additional files)`);
      laneId = p.lane;
      endPos = p.endPos;
      parking ||= p.parking;
    } else if (typeof s.lane === 'string') laneId = s.lane;
    if (s.endPos !== undefined) endPos = doc.num(s, what, 'endPos');
    let road: string;
    let lane: number | undefined;
    if (laneId !== undefined) {
      const m = this.net.laneMap?.get(laneId) ?? doc.fail(s, what, 'lane', `unknown lane '${laneId}'`);
      road = this.net.roads[m[0]]?.id ?? '';
      lane = m[1];
    } else if (typeof s.edge === 'string') {
      road = s.edge;
      if (!this.roadIx.has(road)) doc.fail(s, what, 'edge', `unknown edge '${road}'`);
    } else return doc.fail(s, what, 'lane', 'expected lane, edge or a stopping place (busStop, parkingArea, ...)');
    if (s.triggered !== undefined || s.expected !== undefined || s.containerTriggered !== undefined) {
      this.log.warn(doc.file, '<stop triggered/expected>', 'no persons or containers: the stop lasts its duration', { key: 'stop:trigger', line });
    }
    const duration = s.duration === undefined ? 0 : doc.num(s, what, 'duration', undefined, { min: 0 });
    const until = s.until === undefined ? undefined : doc.num(s, what, 'until', undefined, { min: 0 });
    return {
      road,
      ...(lane !== undefined ? { lane } : {}),
      ...(endPos !== undefined ? { endPos } : {}),
      duration,
      ...(until !== undefined ? { until } : {}),
      ...(parking ? { parking } : {}),
    };
  }
}
