import { SIG_PERMITTED, SIG_PROTECTED } from '../engine/RawPrograms.js';
import { histogramQuantile } from './los.js';
import type { HcmLayout } from './hcmLayout.js';

/** The vehicle fields the collector reads each step (a `VehicleStore` has them all). */
export interface HcmVehicles {
  readonly runCount: number;
  readonly run: Int32Array;
  readonly seg: Int32Array;
  readonly extId: Int32Array;
  readonly timeLoss: Float64Array;
  readonly stops: Int32Array;
  readonly halting: Uint8Array;
  readonly pos: Float64Array;
  readonly conn: Int32Array;
}

/** HCM base saturation flow, veh/h per lane (HCM 7th ed. eq. 19-8 with no adjustments). */
export const BASE_SATURATION_FLOW = 1900;
const QBINS = 256;
const RING = 8;
const ON_APPROACH = 1;
const IN_JUNCTION = 2;

const isGreen = (s: number): boolean => s === SIG_PROTECTED || s === SIG_PERMITTED;

/**
 * Measures a signalized network the way the HCM reports it, one simulation step at a time (see
 * docs/traffic.md, "HCM measures"). Per approach: control delay (time loss from entering the approach
 * until leaving the junction, per vehicle served), volume, v/c against the base saturation flow times
 * the observed green ratio, the 95th-percentile back of queue (halted vehicles in the longest lane,
 * sampled every step), stops per vehicle, the share of arrivals on green (a vehicle arrives on green
 * when its movement was green when it would have reached the stop line at free speed) and split
 * failures (greens that end with a halted vehicle left). Per junction: control delay weighted by
 * volume, the highest approach v/c and the total volume.
 *
 * @example
 * ```ts
 * const hcm = new HcmCollector(hcmLayout(engine.net));
 * engine.step(); hcm.sample(engine.time, engine.dt, engine.veh, engine.connState);
 * hcm.metrics()['C.NB.controlDelay'];
 * ```
 */
export class HcmCollector {
  private readonly nA: number;
  private acc: Float64Array; // per approach: served, delay, stops, aog, green, splitFail, greenEnds, wasGreen, arrivals
  private hist: Uint32Array;
  private since: Float64Array; // per connection: start of the current green (NaN when not green)
  private ring: Float64Array; // per connection: RING past greens as (start, end)
  private ringPos: Int32Array;
  private trk: Float64Array; // per vehicle slot: ext, approach, phase, loss0, stops0, free, conn, lossLast, stopsLast, aog, seen
  private sampled = 0;
  private elapsed = 0;
  private readonly laneQ: Float64Array;

  constructor(readonly layout: HcmLayout) {
    this.nA = layout.approaches.length;
    this.acc = new Float64Array(this.nA * 9);
    this.hist = new Uint32Array(this.nA * QBINS);
    this.since = new Float64Array(layout.nConns).fill(Number.NaN);
    this.ring = new Float64Array(layout.nConns * RING * 2).fill(Number.NaN);
    this.ringPos = new Int32Array(layout.nConns);
    this.trk = new Float64Array(0);
    this.laneQ = new Float64Array(layout.nLanes);
  }

  /** Forgets everything (at an env reset). */
  reset(): void {
    this.acc.fill(0);
    this.hist.fill(0);
    this.since.fill(Number.NaN);
    this.ring.fill(Number.NaN);
    this.ringPos.fill(0);
    this.trk.fill(-1);
    this.sampled = 0;
    this.elapsed = 0;
  }

  /** Whether connection `c` was green at time `t` (as far as the history reaches). */
  private greenAt(c: number, t: number, now: number, state: Uint8Array): boolean {
    if (t >= now) return isGreen(state[c] ?? 0);
    const s = this.since[c] ?? Number.NaN;
    if (!Number.isNaN(s) && t >= s) return true;
    for (let k = 0; k < RING; k++) {
      const o = (c * RING + k) * 2;
      if (t >= (this.ring[o] ?? Number.NaN) && t < (this.ring[o + 1] ?? Number.NaN)) return true;
    }
    return false;
  }

  /** Books a vehicle that left its approach's junction (or passed it within one step). */
  private finish(v: number, now: number, state: Uint8Array): void {
    const b = v * 11;
    const t = this.trk;
    const a = t[b + 1] ?? 0;
    if ((t[b + 2] ?? 0) === ON_APPROACH) t[b + 9] = this.greenAt(t[b + 6] ?? 0, t[b + 5] ?? 0, now, state) ? 1 : 0;
    const o = a * 9;
    this.acc[o] = (this.acc[o] ?? 0) + 1;
    this.acc[o + 1] = (this.acc[o + 1] ?? 0) + (t[b + 7] ?? 0) - (t[b + 3] ?? 0);
    this.acc[o + 2] = (this.acc[o + 2] ?? 0) + (t[b + 8] ?? 0) - (t[b + 4] ?? 0);
    this.acc[o + 3] = (this.acc[o + 3] ?? 0) + (t[b + 9] ?? 0);
    t[b] = -1;
  }

  private grow(n: number): void {
    if (this.trk.length >= n * 11) return;
    const next = new Float64Array(Math.max(n, 64) * 2 * 11).fill(-1);
    next.set(this.trk);
    this.trk = next;
  }

  /** Records one step that ended at `time` (the state applied during [time - dt, time)). */
  sample(time: number, dt: number, veh: HcmVehicles, state: Uint8Array): void {
    const L = this.layout;
    const t0 = time - dt;
    this.sampled++;
    this.elapsed += dt;
    for (const ap of L.approaches)
      for (const c of ap.conns) {
        const g = isGreen(state[c] ?? 0);
        const s = this.since[c] ?? Number.NaN;
        if (g && Number.isNaN(s)) this.since[c] = t0;
        else if (!g && !Number.isNaN(s)) {
          const o = (c * RING + (this.ringPos[c] ?? 0)) * 2;
          this.ring[o] = s;
          this.ring[o + 1] = t0;
          this.ringPos[c] = ((this.ringPos[c] ?? 0) + 1) % RING;
          this.since[c] = Number.NaN;
        }
      }
    this.vehicles(time, veh, state);
    this.approaches(dt, state);
  }

  private vehicles(time: number, veh: HcmVehicles, state: Uint8Array): void {
    const L = this.layout;
    this.laneQ.fill(0);
    let maxSlot = 0;
    for (let r = 0; r < veh.runCount; r++) maxSlot = Math.max(maxSlot, (veh.run[r] ?? 0) + 1);
    this.grow(maxSlot);
    const t = this.trk;
    for (let r = 0; r < veh.runCount; r++) {
      const v = veh.run[r] ?? 0;
      const b = v * 11;
      const s = veh.seg[v] ?? 0;
      const ext = veh.extId[v] ?? 0;
      const mine = t[b] === ext;
      const onLane = s < L.nLanes;
      const a = onLane ? (L.laneApproach[s] ?? -1) : -1;
      if (onLane && veh.halting[v] === 1) this.laneQ[s] = (this.laneQ[s] ?? 0) + 1;
      if (mine && !(onLane && a === t[b + 1] && t[b + 2] === ON_APPROACH)) {
        if (!onLane) {
          if (t[b + 2] === ON_APPROACH) t[b + 9] = this.greenAt(t[b + 6] ?? 0, t[b + 5] ?? 0, time, state) ? 1 : 0;
          t[b + 2] = IN_JUNCTION;
        } else this.finish(v, time, state);
      }
      if (t[b] !== ext && a >= 0) {
        const left = Math.max(0, (L.laneLength[s] ?? 0) - (veh.pos[v] ?? 0));
        t.set([ext, a, ON_APPROACH, veh.timeLoss[v] ?? 0, veh.stops[v] ?? 0, time + left / Math.max(0.1, L.laneSpeed[s] ?? 1)], b);
        this.acc[a * 9 + 8] = (this.acc[a * 9 + 8] ?? 0) + 1;
      }
      if (t[b] === ext) {
        if (t[b + 2] === ON_APPROACH) t[b + 6] = veh.conn[v] ?? -1;
        t[b + 7] = veh.timeLoss[v] ?? 0;
        t[b + 8] = veh.stops[v] ?? 0;
        t[b + 10] = this.sampled;
      }
    }
    // vehicles gone since the last step (arrived, teleported): book those past the stop line
    for (let v = 0; v * 11 < t.length; v++) {
      const b = v * 11;
      if ((t[b] ?? -1) < 0 || t[b + 10] === this.sampled) continue;
      if (t[b + 2] === IN_JUNCTION) this.finish(v, time, state);
      else t[b] = -1;
    }
  }

  private approaches(dt: number, state: Uint8Array): void {
    for (const [a, ap] of this.layout.approaches.entries()) {
      let q = 0;
      for (const l of ap.lanes) q = Math.max(q, this.laneQ[l] ?? 0);
      this.hist[a * QBINS + Math.min(QBINS - 1, q)]++;
      const green = ap.conns.some((c) => isGreen(state[c] ?? 0));
      const o = a * 9;
      if (green) this.acc[o + 4] = (this.acc[o + 4] ?? 0) + dt;
      if (this.acc[o + 7] === 1 && !green) {
        this.acc[o + 6] = (this.acc[o + 6] ?? 0) + 1;
        if (q >= 1) this.acc[o + 5] = (this.acc[o + 5] ?? 0) + 1;
      }
      this.acc[o + 7] = green ? 1 : 0;
    }
  }

  /** The measures so far, named `APPROACH.measure` and `JUNCTION.measure` (see the class comment). */
  metrics(): Record<string, number> {
    const out: Record<string, number> = {};
    const T = this.elapsed;
    // vehicles still on an approach or in its junction count with their delay so far (HCM's residual queue)
    const held = new Float64Array(this.nA * 2);
    for (let b = 0; b < this.trk.length; b += 11) {
      if ((this.trk[b] ?? -1) < 0) continue;
      const a = this.trk[b + 1] ?? 0;
      held[a * 2] = (held[a * 2] ?? 0) + 1;
      held[a * 2 + 1] = (held[a * 2 + 1] ?? 0) + (this.trk[b + 7] ?? 0) - (this.trk[b + 3] ?? 0);
    }
    const vcOf = (served: number, green: number, lanes: number): number =>
      served === 0 ? 0 : green > 0 ? (served / T) * 3600 / (BASE_SATURATION_FLOW * lanes * (green / T)) : 99;
    for (const node of this.layout.nodes) {
      let served = 0;
      let delay = 0;
      let vcMax = 0;
      for (const a of node.approaches) {
        const ap = this.layout.approaches[a];
        if (ap === undefined) continue;
        const o = a * 9;
        const n = this.acc[o] ?? 0;
        const arrivals = this.acc[o + 8] ?? 0;
        const vc = vcOf(arrivals, this.acc[o + 4] ?? 0, ap.lanes.length);
        const nd = n + (held[a * 2] ?? 0);
        const d = (this.acc[o + 1] ?? 0) + (held[a * 2 + 1] ?? 0);
        out[`${ap.name}.controlDelay`] = nd > 0 ? d / nd : 0;
        out[`${ap.name}.volume`] = T > 0 ? (arrivals / T) * 3600 : 0;
        out[`${ap.name}.vc`] = vc;
        out[`${ap.name}.queue95`] = histogramQuantile(this.hist.subarray(a * QBINS, (a + 1) * QBINS), 0.95);
        out[`${ap.name}.stops`] = n > 0 ? (this.acc[o + 2] ?? 0) / n : 0;
        out[`${ap.name}.arrivalsOnGreen`] = n > 0 ? (this.acc[o + 3] ?? 0) / n : 0;
        out[`${ap.name}.splitFailures`] = this.acc[o + 5] ?? 0;
        served += nd;
        delay += d;
        vcMax = Math.max(vcMax, vc);
      }
      out[`${node.name}.controlDelay`] = served > 0 ? delay / served : 0;
      out[`${node.name}.volume`] = node.approaches.reduce((sum, a) => sum + (out[`${this.layout.approaches[a]?.name}.volume`] ?? 0), 0);
      out[`${node.name}.vc`] = vcMax;
    }
    return out;
  }

  /** The dynamic state, for snapshots. */
  getState(): Float64Array[] {
    return [this.acc.slice(), Float64Array.from(this.hist), this.since.slice(), this.ring.slice(), Float64Array.from(this.ringPos), this.trk.slice(),
      Float64Array.of(this.sampled, this.elapsed)];
  }

  /** Restores `getState()`. */
  setState(s: readonly Float64Array[]): void {
    const [acc, hist, since, ring, pos, trk, k] = s;
    if (!acc || !hist || !since || !ring || !pos || !trk || !k) throw new RangeError('HcmCollector.setState: expected 7 arrays from getState()');
    this.acc = acc.slice();
    this.hist = Uint32Array.from(hist);
    this.since = since.slice();
    this.ring = ring.slice();
    this.ringPos = Int32Array.from(pos);
    this.trk = trk.slice();
    [this.sampled, this.elapsed] = [k[0] ?? 0, k[1] ?? 0];
  }
}
