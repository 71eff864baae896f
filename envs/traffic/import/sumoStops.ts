import type { NetworkParts } from './NetworkParts.js';
import type { ImportLog } from './ImportLog.js';
import type { XmlDocument, XmlElement } from './xmlDocument.js';
import type { ShortestRoute } from './shortestRoute.js';

/** A stop as importers write it. */
export interface StopIn {
  road: string;
  lane?: number;
  endPos?: number;
  duration: number;
  until?: number;
  parking?: boolean;
  parkingArea?: string;
  stoppingPlace?: string;
}

/** A bus, train or container stop or a charging station as importers write it (see `StoppingPlaceSpec`). */
export interface StoppingPlaceIn {
  id: string;
  road: string;
  lane: number;
  startPos: number;
  endPos?: number;
}

/** A parking area as importers write it (see `ParkingAreaSpec`). */
export interface ParkingAreaIn {
  id: string;
  road: string;
  lane: number;
  startPos: number;
  endPos?: number;
  roadsideCapacity: number;
  spaces: number;
  onRoad: boolean;
  departPos?: number;
}

/** A stopping place of an additional file (`busStop`, `trainStop`, `containerStop`, `chargingStation`, `parkingArea`). */
interface Place {
  lane: string;
  endPos?: number;
  parking: boolean;
  /** Set for a parking area. */
  area?: string;
}

/** The stopping-place elements of SUMO additional files. */
export const PLACE_TAGS = ['busStop', 'trainStop', 'containerStop', 'chargingStation', 'parkingArea'] as const;

/**
 * Reads SUMO `<stop>` elements (SUMO's "Stops and waypoints"): where (a `lane`, an `edge`, or a stopping
 * place of an additional file), the end position of the front, `duration` and `until`. Stops for persons
 * or containers (`triggered`, `expected`) keep only their duration; parking stops (`parking="true"`, a
 * `parkingArea`) take the vehicle off the lane (a parking area's lots are kept in `areas`: `roadsideCapacity`
 * and `<space>` elements, `onRoad`); waypoints (`speed`) are driven through. Each of these is warned once.
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
  /** The parking areas read. */
  readonly areas: ParkingAreaIn[] = [];
  /** The other stopping places read (bus, train and container stops, charging stations). */
  readonly stoppingPlaces: StoppingPlaceIn[] = [];
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
        const endPos = el.endPos !== undefined ? doc.num(el, what, 'endPos') : undefined;
        if (tag === 'parkingArea') {
          this.readArea(doc, el, id, what, lane, endPos);
          this.places.set(id, { lane, parking: true, area: id });
        } else {
          this.places.set(id, { lane, ...(endPos !== undefined ? { endPos } : {}), parking: false });
          this.readStoppingPlace(doc, el, id, what, lane, endPos);
        }
      }
    }
  }

  /** A stopping place's lane (road and lane index), its length and `startPos`; fails unless 0 <= start < end <= length. */
  private placeOnLane(
    doc: XmlDocument, el: XmlElement, what: string, lane: string, endPos: number | undefined,
  ): { m: readonly [number, number] | undefined; len: number; startPos: number } {
    const m = this.net.laneMap?.get(lane);
    const len = m ? (this.net.roads[m[0]]?.lanes[m[1]]?.length ?? 0) : 0;
    const at = (x: number): number => (x < 0 ? len + x : x);
    const startPos = el.startPos !== undefined ? doc.num(el, what, 'startPos') : 0;
    const begin = at(startPos);
    const end = at(endPos ?? len);
    if (!(begin >= 0 && begin < end && end <= len + 1e-6)) {
      doc.fail(el, what, 'endPos', `expected 0 <= startPos < endPos <= ${len} (the length of lane '${lane}'), got ${begin} .. ${end}`);
    }
    return { m, len, startPos };
  }

  /** A bus, train or container stop or a charging station: where vehicles stopping there queue. */
  private readStoppingPlace(doc: XmlDocument, el: XmlElement, id: string, what: string, lane: string, endPos: number | undefined): void {
    const { m, startPos } = this.placeOnLane(doc, el, what, lane, endPos);
    this.stoppingPlaces.push({ id, road: this.net.roads[m?.[0] ?? -1]?.id ?? '', lane: m?.[1] ?? 0, startPos, ...(endPos !== undefined ? { endPos } : {}) });
  }

  /**
   * A parking area: `roadsideCapacity` lots splitting [startPos, endPos], one more lot per `<space>`
   * child, `onRoad`. An area without lots is kept, as SUMO keeps it: vehicles stopping there wait before
   * it for ever (one warning).
   */
  private readArea(doc: XmlDocument, el: XmlElement, id: string, what: string, lane: string, endPos: number | undefined): void {
    const { m, len, startPos } = this.placeOnLane(doc, el, what, lane, endPos);
    const roadsideCapacity = el.roadsideCapacity !== undefined ? doc.num(el, what, 'roadsideCapacity', undefined, { min: 0 }) : 0;
    if (!Number.isInteger(roadsideCapacity)) doc.fail(el, what, 'roadsideCapacity', `expected a whole number of lots, got ${roadsideCapacity}`);
    const spaces = doc.children(el, 'space').length;
    const onRoad = el.onRoad === 'true' || el.onRoad === '1';
    // SUMO accepts only a number within the lane here
    const departPos = el.departPos !== undefined ? doc.num(el, what, 'departPos') : undefined;
    if (departPos !== undefined && !(departPos >= 0 && departPos <= len)) {
      doc.fail(el, what, 'departPos', `expected a position on lane '${lane}' (0 to ${len} m), got ${departPos}`);
    }
    if (roadsideCapacity + spaces === 0) {
      this.log.warn(doc.file, '<parkingArea> without lots', 'no roadsideCapacity and no <space>: vehicles stopping there wait before it (as in SUMO)', {
        key: 'stop:nolots',
        line: doc.lineOf(el),
      });
    }
    this.areas.push({
      id,
      road: this.net.roads[m?.[0] ?? -1]?.id ?? '',
      lane: m?.[1] ?? 0,
      startPos,
      ...(endPos !== undefined ? { endPos } : {}),
      roadsideCapacity,
      spaces,
      onRoad,
      ...(departPos !== undefined ? { departPos } : {}),
    });
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
    let area: string | undefined;
    let place: string | undefined;
    if (placeAttr) {
      const id = String(s[placeAttr]);
      const p = this.places.get(id) ?? doc.fail(s, what, placeAttr, `unknown ${placeAttr} '${id}' (stopping places are read from additional files)`);
      laneId = p.lane;
      endPos = p.endPos;
      // SUMO: a stop at a parking area parks, whatever its parking attribute says
      parking ||= p.parking;
      area = p.area;
      if (area === undefined) place = id;
    } else if (typeof s.lane === 'string') laneId = s.lane;
    if (s.endPos !== undefined) {
      if (area !== undefined) {
        this.log.warn(doc.file, '<stop parkingArea=... endPos=...>', "the area's free lot decides where the vehicle stops", { key: 'stop:areaEnd', line });
      } else endPos = doc.num(s, what, 'endPos');
    }
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
      ...(area !== undefined ? { parkingArea: area } : {}),
      ...(place !== undefined ? { stoppingPlace: place } : {}),
    };
  }
}

/**
 * The route of a trip or flow given only by its stops (SUMO 1.15 accepts one without `from`/`to`): the
 * fastest route from its first stop's edge through each stop's edge to its last's, as the router finds it
 * (a stop on the same edge as the one before adds nothing).
 *
 * @example
 * ```ts
 * const route = routeThroughStops(doc, el, "trip 'bus1'", stops, router, roadIx, 'bus', net); // ['E1', 'E2']
 * ```
 */
export function routeThroughStops(
  doc: XmlDocument, el: XmlElement, what: string, stops: readonly StopIn[], router: ShortestRoute, roadIx: ReadonlyMap<string, number>, cls: string,
  net: NetworkParts,
): string[] {
  const r = router.routeVia(stops.map((s) => roadIx.get(s.road) ?? 0), undefined, cls);
  if (!Array.isArray(r)) return doc.fail(el, what, 'stop', `no path through the edges of its stops (${stops.map((s) => s.road).join(' ')})`);
  return r.map((k) => net.roads[k]?.id ?? '');
}
