/*
 * SUMO 1.15's demand scaling (`--scale`): the quota of each loaded vehicle and the headway of a scaled flow.
 */

/**
 * SUMO's quota for one loaded vehicle under `--scale` (MSVehicleControl::getQuota, SUMO 1.15): how many
 * copies of it are inserted (0: discarded), given `loaded`, the vehicles built so far including this one
 * and the copies made before it. With scale 0.5 every second vehicle is kept (the 1st, 3rd, ...); with 1.5
 * every vehicle is inserted and every other one twice; the fraction is taken in thousandths.
 */
export function sumoScaleQuota(scale: number, loaded: number): number {
  if (scale === 1) return 1;
  const prior = scale > 1 ? Math.trunc(loaded / scale) : loaded - 1;
  const base = Math.trunc(scale);
  const frac = Math.floor((scale - base) * 1000 + 0.5);
  return ((prior % 1000) * frac) % 1000 < frac ? base + 1 : base;
}

/**
 * An evenly spaced flow under SUMO 1.15's `--scale`: the headway (whole ms) divided by the factor and cut to
 * whole ms; the flow's count (its `number`, else the departures before its end) times the factor; a
 * departure exactly at the end still goes. Returns the rate and an end half a headway after the last
 * departure (the engine ends a flow before `end`); undefined when the scaled headway is under a millisecond.
 *
 * @example
 * ```ts
 * scaleUniformFlow(360, 0, 600, undefined, 1.5); // 10 s headway -> 6.666 s, 90 departures
 * ```
 */
export function scaleUniformFlow(
  vehPerHour: number,
  begin: number,
  end: number | undefined,
  number: number | undefined,
  scale: number,
): { vehPerHour: number; end: number | undefined } | undefined {
  const period = Math.round(3_600_000 / vehPerHour);
  const beginMs = Math.round(begin * 1000);
  const endMs = end === undefined ? undefined : Math.round(end * 1000);
  const count = number ?? (endMs === undefined ? undefined : Math.ceil((endMs - beginMs) / period));
  const scaled = Math.trunc(period / scale);
  if (scaled <= 0) return undefined;
  const byEnd = endMs === undefined ? Infinity : Math.floor((endMs - beginMs) / scaled) + 1;
  const n = Math.min(count === undefined ? Infinity : Math.ceil(count * scale - 1e-9), byEnd);
  return { vehPerHour: 3_600_000 / scaled, end: Number.isFinite(n) ? begin + ((n - 0.5) * scaled) / 1000 : end };
}

/**
 * SUMO's count of built vehicles under `--scale`, over the vehicles in the order SUMO loads them: each
 * vehicle gives its quota of copies (the first keeps its id, the others are named ID + suffix + k, SUMO's
 * `--scale-suffix`, default '.'), departing with it.
 *
 * @example
 * ```ts
 * const q = new ScaleQuota(2, '.'); q.copies({ id: 'a', depart: 0 }); // a, a.1
 * ```
 */
export class ScaleQuota {
  private built = 0;

  constructor(
    private readonly scale: number,
    private readonly suffix: string,
  ) {}

  copies<V extends { id?: string }>(v: V): V[] {
    if (this.scale === 1) return [v];
    this.built++;
    const quota = sumoScaleQuota(this.scale, this.built);
    const out: V[] = [];
    for (let k = 0; k < quota; k++) {
      if (k > 0) this.built++;
      out.push(k === 0 ? v : { ...v, id: `${v.id ?? ''}${this.suffix}${k}` });
    }
    return out;
  }
}

/**
 * SUMO keeps a flow's spacing in whole milliseconds (`TIME2STEPS`): 1,400 veh/h is a vehicle every
 * 2.571 s, so an hour holds 1,401 of them (the last due at 3,599.4 s). Returns the rate of that spacing
 * (vehicles per hour); 0 for no flow.
 */
export function msSpacing(periodSeconds: number): number {
  if (!Number.isFinite(periodSeconds) || periodSeconds <= 0) return 0;
  const ms = Math.round(periodSeconds * 1000);
  // below a millisecond SUMO cannot space it: keep the rate, which the demand check then refuses by name
  return ms > 0 ? 3_600_000 / ms : 3600 / periodSeconds;
}
