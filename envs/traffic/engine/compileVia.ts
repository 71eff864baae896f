/** What the via table needs of a vehicle or flow of the spec. */
interface ViaTrip {
  readonly trip?: boolean | undefined;
  readonly stops?: readonly unknown[] | undefined;
  readonly via?: readonly string[] | undefined;
}

/**
 * The via roads of trips (routed leg by leg when they depart, SUMO's `via`), of the vehicles then of the
 * flows in one table: vehicle i's are `viaRoad[viaStart[i] .. viaStart[i+1])`, flow f's
 * `viaRoad[flowViaStart[f] .. flowViaStart[f+1])`. Vehicles with stops keep their import route (no vias).
 *
 * @example
 * ```ts
 * const { viaStart, flowViaStart, viaRoad } = compileVia(vehicles, flows, roadIx);
 * ```
 */
export function compileVia(
  vehicles: readonly ViaTrip[], flows: readonly ViaTrip[], roadIx: ReadonlyMap<string, number>,
): { viaStart: Int32Array; flowViaStart: Int32Array; viaRoad: Int32Array } {
  const viaOf = (d: ViaTrip): readonly string[] => (d.trip === true && !d.stops?.length ? (d.via ?? []) : []);
  const viaStart = new Int32Array(vehicles.length + 1);
  vehicles.forEach((v, i) => (viaStart[i + 1] = (viaStart[i] ?? 0) + viaOf(v).length));
  const flowViaStart = new Int32Array(flows.length + 1);
  flowViaStart[0] = viaStart[vehicles.length] ?? 0;
  flows.forEach((f, i) => (flowViaStart[i + 1] = (flowViaStart[i] ?? 0) + viaOf(f).length));
  const viaRoad = Int32Array.from([...vehicles.flatMap(viaOf), ...flows.flatMap(viaOf)], (r) => roadIx.get(r) ?? 0);
  return { viaStart, flowViaStart, viaRoad };
}
