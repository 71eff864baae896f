import { describe, expect, it } from 'vitest';
import { HcmCollector } from '../../../../envs/traffic/hcm/HcmCollector.js';
import type { HcmLayout } from '../../../../envs/traffic/hcm/hcmLayout.js';
import { boundOf } from '../../../../envs/traffic/hcm/hcmLayout.js';
import { histogramQuantile, levelOfService } from '../../../../envs/traffic/hcm/los.js';
import { SIG_PROTECTED, SIG_RED } from '../../../../envs/traffic/engine/RawPrograms.js';

// One approach J.NB: lane 0 (100 m, 10 m/s) ends at signal connection 0; lane 1 is downstream; segment 2 is
// the junction's internal lane. Fixed time: green [0, 30), red [30, 60), green [60, 90); 1 s steps.
const layout: HcmLayout = {
  approaches: [{ name: 'J.NB', node: 'J', lanes: [0], conns: [0] }],
  laneApproach: Int32Array.of(0, -1),
  nLanes: 2,
  laneRoad: Int32Array.of(0, 1),
  laneLength: Float64Array.of(100, 100),
  laneSpeed: Float64Array.of(10, 10),
  nConns: 1,
  nodes: [{ name: 'J', approaches: [0] }],
};

/** Where a scripted vehicle is after the step ending at `t`: segment, position, halted, time loss, stops; null when absent. */
type Script = (t: number) => { seg: number; pos: number; halt: boolean; loss: number; stops: number } | null;
const drive = (from: number, haltFrom: number, haltTo: number): Script => (t) => {
  if (t < from || t > haltTo + 2) return null;
  if (t <= haltTo) {
    const halted = t >= haltFrom;
    return { seg: 0, pos: halted ? 99 : Math.min(90, (t - from) * 10), halt: halted, loss: halted ? t - haltFrom + 1 : 0, stops: halted ? 1 : 0 };
  }
  const loss = haltTo >= haltFrom ? haltTo - haltFrom + 1 : 0;
  return { seg: t === haltTo + 1 ? 2 : 1, pos: 5, halt: false, loss, stops: haltTo >= haltFrom ? 1 : 0 };
};
// A: seen at 1 on the lane start, free-flow arrival at 11 (green), no stop, delay 0.
// D: seen at 15 (free-flow arrival 25, green) but halted 25..60 behind a stalled bus: delay 36 s, one stop.
// B: seen at 26, free-flow arrival 36 (red), halts 36..60 until the next green: delay 25 s, one stop.
const free: Script = (t) => {
  if (t > 12) return null;
  return { seg: t <= 10 ? 0 : t === 11 ? 2 : 1, pos: t <= 10 ? (t - 1) * 10 : 1, halt: false, loss: 0, stops: 0 };
};
const scripts: Script[] = [free, drive(26, 36, 60), drive(15, 25, 60)];

function run(): Record<string, number> {
  const hcm = new HcmCollector(layout);
  hcm.reset();
  const n = scripts.length;
  const veh = {
    runCount: 0, run: new Int32Array(n), seg: new Int32Array(n), extId: Int32Array.of(0, 1, 2), timeLoss: new Float64Array(n),
    stops: new Int32Array(n), halting: new Uint8Array(n), pos: new Float64Array(n), conn: new Int32Array(n),
  };
  const state = new Uint8Array(1);
  for (let k = 0; k < 90; k++) {
    state[0] = k % 60 < 30 ? SIG_PROTECTED : SIG_RED;
    const t = k + 1;
    veh.runCount = 0;
    for (const [v, s] of scripts.entries()) {
      const x = s(t);
      if (x === null) continue;
      veh.run[veh.runCount++] = v;
      [veh.seg[v], veh.pos[v], veh.halting[v], veh.timeLoss[v], veh.stops[v]] = [x.seg, x.pos, x.halt ? 1 : 0, x.loss, x.stops];
    }
    hcm.sample(t, 1, veh, state);
  }
  return hcm.metrics();
}

describe('HCM measures on a hand-computed single approach', () => {
  const m = run();
  it('control delay, LOS, stops and arrivals on green', () => {
    expect(m['J.NB.controlDelay']).toBeCloseTo((0 + 25 + 36) / 3, 9); // 20.33 s -> LOS C
    expect(levelOfService(m['J.NB.controlDelay'] ?? Number.NaN, m['J.NB.vc'])).toBe('C');
    expect(m['J.NB.stops']).toBeCloseTo(2 / 3, 9);
    expect(m['J.NB.arrivalsOnGreen']).toBeCloseTo(2 / 3, 9); // A and D would have met green, B red
  });
  it('volume and v/c against 1,900 veh/h/lane times the green ratio', () => {
    // 3 arrivals in 90 s = 120 veh/h; 60 s of green in 90 s: capacity 1900 * 2/3 = 1266.7 veh/h
    expect(m['J.NB.volume']).toBeCloseTo(120, 9);
    expect(m['J.NB.vc']).toBeCloseTo(120 / (1900 * (60 / 90)), 9);
  });
  it('95th-percentile back of queue and split failures', () => {
    // halted: 1 vehicle at 25..35 (11 samples), 2 at 36..60 (25): P(q <= 1) = 65/90 < 0.95, so the 95th percentile is 2
    expect(m['J.NB.queue95']).toBe(2);
    // the green ending at 30 s leaves D halted: one split failure; the green ending at 90 s is not over yet
    expect(m['J.NB.splitFailures']).toBe(1);
  });
  it('junction totals', () => {
    expect(m['J.controlDelay']).toBeCloseTo(61 / 3, 9);
    expect(m['J.vc']).toBeCloseTo(m['J.NB.vc'] ?? 0, 12);
    expect(m['J.volume']).toBeCloseTo(120, 9);
  });
});

describe('HCM helpers', () => {
  it('LOS thresholds 10/20/35/55/80 s and F above v/c 1', () => {
    const at = [0, 10, 10.01, 20, 20.5, 35, 35.5, 55, 56, 80, 80.1].map((d) => levelOfService(d, 0.5)).join('');
    expect(at).toBe('AABBCCDDEEF');
    expect(levelOfService(5, 1.01)).toBe('F');
  });
  it('histogram quantiles and travel bounds', () => {
    expect(histogramQuantile(Uint32Array.of(90, 5, 5), 0.95)).toBe(1);
    expect(histogramQuantile(Uint32Array.of(90, 4, 6), 0.95)).toBe(2);
    expect(histogramQuantile(new Uint32Array(4), 0.95)).toBe(0);
    expect([boundOf(0, -100, 0, 0), boundOf(100, 0, 0, 0), boundOf(0, 100, 0, 0), boundOf(-100, 0, 0, 0)]).toEqual(['NB', 'WB', 'SB', 'EB']);
  });
});
