import { describe, expect, it } from 'vitest';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, TripLog } from './tsgymRun.js';

/*
 * A parking area that fills up (test/fixtures/sumo/parkingfull): three roadside lots on WM between 150 and
 * 180 m (lots ending at 160, 170 and 180 m); eight cars p0..p7 (every 5 s from 0 s) park there for 60, 45,
 * 70, 30, 25, 40, 20 and 15 s, and a car t (40 s) drives through. p0..p2 take the three lots; p3..p7 and t
 * queue on the single lane before the area until lots free up. SUMO 1.15's stop output and trip infos of
 * this run are written below (the run: `sumo -c parkingfull.sumocfg --stop-output stops.xml
 * --tripinfo-output trips.xml`); the test also runs SUMO when it is installed and checks them.
 */

const CFG = 'parkingfull/parkingfull.sumocfg';

/** SUMO 1.15: each car's lot (its end, m), when its stop began and ended (it drove off), and its arrival. */
const SUMO_STOPS: Record<string, { lot: number; started: number; ended: number; arrival: number }> = {
  p0: { lot: 160, started: 16, ended: 76, arrival: 124 },
  p1: { lot: 170, started: 22, ended: 67, arrival: 114 },
  p2: { lot: 180, started: 27, ended: 97, arrival: 143 },
  p3: { lot: 170, started: 67, ended: 97, arrival: 145 },
  p4: { lot: 160, started: 81, ended: 108, arrival: 158 },
  p5: { lot: 170, started: 97, ended: 137, arrival: 184 },
  p6: { lot: 160, started: 109, ended: 129, arrival: 177 },
  p7: { lot: 180, started: 103, ended: 118, arrival: 164 },
};
const SUMO_T_ARRIVAL = 157;
/** SUMO 1.15's trip infos: waiting time (s at < 0.1 m/s on the road, stops apart) and time loss (s), by car. */
const SUMO_WAIT_LOSS: Record<string, [number, number]> = {
  p0: [0, 6.04], p1: [0, 6.32], p2: [0, 5.6], p3: [37, 43.4], p4: [44, 53.68], p5: [53, 62.58], p6: [54, 67.6], p7: [46, 58.58], t: [43, 59.14],
};

interface Run {
  stops: Map<string, { lot: number; started: number; ended: number; arrival: number }>;
  arrivalT: number;
  maxParked: number;
  /** Seconds p3 stood on the road, past the area's begin, before it got a lot. */
  p3Waited: number;
  /** Each car's waiting time and time loss at its arrival. */
  waitLoss: Map<string, [number, number]>;
}

function runTsgym(): Run {
  const e = engineFor(loadFixture(CFG));
  e.reset(1);
  const log = new TripLog(e);
  const vs = e.veh;
  const name = (v: number): string => (vs.extId[v] === 8 ? 't' : `p${vs.extId[v] ?? -1}`);
  const stops = new Map<string, { lot: number; started: number; ended: number; arrival: number }>();
  const inLot = new Map<number, number>();
  let maxParked = 0;
  let p3Waited = 0;
  const waitLoss = new Map<string, [number, number]>();
  while (e.time < 400) {
    e.step();
    log.observe();
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      waitLoss.set(name(v), [vs.waiting[v] ?? 0, vs.timeLoss[v] ?? 0]);
    }
    const label = e.time - e.dt;
    const now = new Map<number, number>();
    for (let l = 0; l < e.lots.lotVeh.length; l++) {
      const v = e.lots.lotVeh[l] ?? -1;
      if (v >= 0) now.set(v, l);
    }
    for (const [v, l] of now) {
      if (!inLot.has(v)) stops.set(name(v), { lot: e.lots.lotEnd[l] ?? -1, started: label, ended: Number.NaN, arrival: Number.NaN });
    }
    for (const v of inLot.keys()) {
      const s = stops.get(name(v));
      if (!now.has(v) && s) s.ended = label;
    }
    inLot.clear();
    for (const [v, l] of now) inLot.set(v, l);
    maxParked = Math.max(maxParked, e.parked.length);
    for (let k = 0; k < vs.runCount; k++) {
      const v = vs.run[k] ?? 0;
      if (vs.extId[v] === 3 && (vs.pos[v] ?? 0) > 150 && (vs.speed[v] ?? 1) === 0 && (vs.pos[v] ?? 0) < 155) p3Waited += e.dt;
    }
  }
  let arrivalT = Number.NaN;
  for (const t of log.trips.values()) {
    if (t.id === 8) arrivalT = t.arrival;
    else {
      const s = stops.get(`p${t.id}`);
      if (s) s.arrival = t.arrival;
    }
  }
  return { stops, arrivalT, maxParked, p3Waited, waitLoss };
}

describe('a parking area follows its capacity (SUMO 1.15)', () => {
  const run = runTsgym();

  it('parks at most its three lots at once; the others wait on the road', () => {
    // by hand: three lots, and p0..p2 hold them from 27 s to 67 s, while p3 has come to stand at 152.5 m
    // (behind the first lot's end less a car and a gap: 160 - 5 - 2.5) at 30 s
    expect(run.maxParked).toBe(3);
    // p3 stands there from 30 s until p1's lot frees at 67 s (37 s), then parks where it stands
    expect(run.p3Waited).toBe(37);
  });

  it("gives every car SUMO's lot, stop begin and end, and arrival time (to the step)", () => {
    // both run the same deterministic model (no dawdling, no speed deviation) in 1 s steps, so every event
    // falls in the same step: no tolerance is needed
    for (const [id, ref] of Object.entries(SUMO_STOPS)) expect(run.stops.get(id), id).toEqual(ref);
    expect(run.arrivalT).toBe(SUMO_T_ARRIVAL);
  });

  it("counts SUMO's waiting time and time loss for every car (the time parked counts as neither)", () => {
    // SUMO writes the time loss to 0.01 s
    for (const [id, [wait, loss]] of Object.entries(SUMO_WAIT_LOSS)) {
      expect(run.waitLoss.get(id)?.[0], id).toBe(wait);
      expect(run.waitLoss.get(id)?.[1], id).toBeCloseTo(loss, 1);
    }
  });

  it.runIf(SUMO_AVAILABLE)('matches a fresh SUMO run', () => {
    const ref = runSumo(fixture(CFG), { args: ['--end', '400'], stops: true });
    const arrivals = new Map(ref.trips.map((t) => [t.id, t.depart + t.duration]));
    const stops = new Map(ref.stops.map((s) => [s.id, s]));
    for (const [id, s] of Object.entries(SUMO_STOPS)) {
      expect(arrivals.get(id), id).toBe(s.arrival);
      expect(stops.get(id), id).toEqual({ id, pos: s.lot, started: s.started, ended: s.ended });
    }
    expect(arrivals.get('t')).toBe(SUMO_T_ARRIVAL);
  });
});

/*
 * Lots of `<space>` elements (test/fixtures/sumo/parkingspaces): the area of parkingfull with one roadside lot
 * and two `<space>` children, so three lots, all ending at the area's end (180 m). b0..b2 (0, 5, 10 s) park
 * there for 60 s, b3 (15 s) for 10 s: b3 waits until b0 leaves. SUMO 1.15's stop output and trip infos below.
 */
const SPACES = 'parkingspaces/parkingspaces.sumocfg';
const SUMO_SPACES: Record<string, { started: number; ended: number; arrival: number }> = {
  b0: { started: 17, ended: 77, arrival: 123 },
  b1: { started: 22, ended: 82, arrival: 128 },
  b2: { started: 27, ended: 87, arrival: 133 },
  b3: { started: 77, ended: 89, arrival: 136 },
};

describe('lots of <space> elements count as lots (SUMO 1.15)', () => {
  it("gives every car SUMO's stop begin and end and arrival time, the fourth waiting for the first to leave", () => {
    const e = engineFor(loadFixture(SPACES));
    e.reset(1);
    const log = new TripLog(e);
    const seen = new Map<string, { started: number; ended: number; arrival: number }>();
    let maxParked = 0;
    while (e.time < 400) {
      e.step();
      log.observe();
      const label = e.time - e.dt;
      for (let l = 0; l < e.lots.lotVeh.length; l++) {
        const v = e.lots.lotVeh[l] ?? -1;
        const id = `b${e.veh.extId[v] ?? -1}`;
        if (v >= 0 && !seen.has(id)) seen.set(id, { started: label, ended: Number.NaN, arrival: Number.NaN });
      }
      for (const [id, s] of seen) {
        const v = [...e.lots.lotVeh].find((u) => u >= 0 && `b${e.veh.extId[u] ?? -1}` === id);
        if (v === undefined && Number.isNaN(s.ended)) s.ended = label;
      }
      maxParked = Math.max(maxParked, e.parked.length);
    }
    for (const t of log.trips.values()) {
      const s = seen.get(`b${t.id}`);
      if (s) s.arrival = t.arrival;
    }
    // by hand: one roadside lot and two spaces, all three at 180 m
    expect(e.lots.capacity(0)).toBe(3);
    expect([...e.lots.lotEnd]).toEqual([180, 180, 180]);
    expect(maxParked).toBe(3);
    expect(Object.fromEntries(seen)).toEqual(SUMO_SPACES);
  });

  it.runIf(SUMO_AVAILABLE)('matches a fresh SUMO run', () => {
    const ref = runSumo(fixture(SPACES), { args: ['--end', '400'], stops: true });
    expect(Object.fromEntries(ref.trips.map((t) => [t.id, t.depart + t.duration]))).toEqual(
      Object.fromEntries(Object.entries(SUMO_SPACES).map(([id, s]) => [id, s.arrival])),
    );
    expect(Object.fromEntries(ref.stops.map((s) => [s.id, [s.started, s.ended]]))).toEqual(
      Object.fromEntries(Object.entries(SUMO_SPACES).map(([id, s]) => [id, [s.started, s.ended]])),
    );
  });
});

/*
 * Egress blocked (test/fixtures/sumo/parkingegress): two lots (ending at 165 and 180 m). A parks in the first
 * for 20 s, but when its stop is over (36 s) a flow every 2 s (10-60 s) keeps it from getting back onto the
 * road. C takes the second lot (47 s): the area is full while A's stop is over, so SUMO makes the drivers
 * waiting for it stand clear of A's way out: D stops at 165 - 5 - 0.1 (behind A) - 2.5 - 0.1 = 157.3 m
 * instead of at the area's begin (147.4 m), A gets out in front of D (51 s) and D takes A's lot where it
 * stands. SUMO 1.15's stop output and trip infos below.
 */
const EGRESS = 'parkingegress/parkingegress.sumocfg';
const SUMO_EGRESS_STOPS: Record<string, { started: number; ended: number }> = {
  A: { started: 16, ended: 52 },
  C: { started: 47, ended: 107 },
  D: { started: 52, ended: 91 },
};
/** SUMO 1.15: every trip's departure and arrival, by departure. */
const SUMO_EGRESS_TRIPS = [
  [0, 99], [10, 70], [12, 72], [15, 75], [17, 77], [20, 80], [22, 82], [25, 85], [27, 87], [30, 153], [32, 93], [35, 138], [37, 101],
  [40, 103], [42, 104], [45, 106], [47, 108], [50, 110], [52, 112], [55, 115], [57, 117], [60, 120], [62, 122], [65, 125], [67, 127],
  [70, 130], [72, 132], [75, 135],
];

describe('a parked car whose stop is over but cannot get out (egress blocked, SUMO 1.15)', () => {
  it('makes the next driver wait clear of its way out; every stop and trip as in SUMO', () => {
    const e = engineFor(loadFixture(EGRESS));
    e.reset(1);
    const log = new TripLog(e);
    const vs = e.veh;
    const stops = new Map<number, { started: number; ended: number }>();
    const waiting = new Map<number, number>();
    let dWaitedAt = Number.NaN;
    while (e.time < 400) {
      e.step();
      log.observe();
      for (let k = 0; k < vs.runCount; k++) waiting.set(vs.extId[vs.run[k] ?? 0] ?? -1, vs.waiting[vs.run[k] ?? 0] ?? 0);
      for (const v of e.parked) waiting.set(vs.extId[v] ?? -1, vs.waiting[v] ?? 0);
      const label = e.time - e.dt;
      for (let l = 0; l < e.lots.lotVeh.length; l++) {
        const v = e.lots.lotVeh[l] ?? -1;
        if (v >= 0 && !stops.has(vs.extId[v] ?? -1)) stops.set(vs.extId[v] ?? -1, { started: label, ended: Number.NaN });
      }
      for (const [id, s] of stops) if (Number.isNaN(s.ended) && !e.lots.lotVeh.some((u) => u >= 0 && vs.extId[u] === id)) s.ended = label;
      // at 51 s the driver bound for the area stands before it (D: the only one on WM not yet parked with a stop there)
      if (label === 51) {
        for (let k = 0; k < vs.runCount; k++) {
          const v = vs.run[k] ?? 0;
          if ((vs.stopIdx[v] ?? -1) >= 0 && vs.stopped[v] === 0 && (vs.speed[v] ?? 1) === 0) dWaitedAt = vs.pos[v] ?? 0;
        }
      }
    }
    // by hand (see above): 157.3 m, not 147.4 m
    expect(dWaitedAt).toBeCloseTo(157.3, 2);
    const trips = [...log.trips.values()].map((t) => [t.depart, t.arrival]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    expect(trips).toEqual(SUMO_EGRESS_TRIPS);
    const byDepart = new Map([...log.trips.values()].map((t) => [t.depart, t.id]));
    const ours = Object.fromEntries(
      Object.entries({ A: 0, C: 30, D: 35 }).map(([name, depart]) => [name, stops.get(byDepart.get(depart) ?? -1)]),
    );
    expect(ours).toEqual(SUMO_EGRESS_STOPS);
    // SUMO counts each failed try to get back onto the road as waiting time: A 16 s (tries from 35 to 50 s),
    // D 30 s (1 s standing before the area at 51 s, tries from 61 to 89 s); nobody else waits
    const waited = Object.fromEntries(
      Object.entries({ A: 0, C: 30, D: 35 }).map(([name, depart]) => [name, waiting.get(byDepart.get(depart) ?? -1)]),
    );
    expect(waited).toEqual({ A: 16, C: 0, D: 30 });
    expect([...waiting.values()].reduce((a, x) => a + x, 0)).toBe(46);
  });

  it.runIf(SUMO_AVAILABLE)('matches a fresh SUMO run', () => {
    const ref = runSumo(fixture(EGRESS), { args: ['--end', '400'], stops: true });
    expect(ref.trips.map((t) => [t.depart, t.depart + t.duration]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))).toEqual(SUMO_EGRESS_TRIPS);
    expect(Object.fromEntries(ref.stops.map((s) => [s.id, { started: s.started, ended: s.ended }]))).toEqual(SUMO_EGRESS_STOPS);
  });
});

/*
 * The same cars with the area's `departPos="200"` (test/fixtures/sumo/parkingfull/departpos.sumocfg): every car
 * leaving a lot comes back onto the road at 200 m, 20 m past the area, so the cars waiting before the area are
 * no longer in its way and the lots free up in another order. SUMO 1.15's stop output and trip infos below.
 */
const DEPART = 'parkingfull/departpos.sumocfg';
const SUMO_DEPART: Record<string, { started: number; ended: number; arrival: number }> = {
  p0: { started: 16, ended: 76, arrival: 121 },
  p1: { started: 22, ended: 67, arrival: 112 },
  p2: { started: 27, ended: 97, arrival: 142 },
  p3: { started: 67, ended: 99, arrival: 144 },
  p4: { started: 81, ended: 106, arrival: 151 },
  p5: { started: 97, ended: 137, arrival: 182 },
  p6: { started: 105, ended: 125, arrival: 170 },
  p7: { started: 106, ended: 121, arrival: 166 },
};

describe("a parking area's departPos (SUMO 1.15)", () => {
  it('brings every leaving car back at 200 m; every stop and arrival as in SUMO', () => {
    const e = engineFor(loadFixture(DEPART));
    e.reset(1);
    const log = new TripLog(e);
    const vs = e.veh;
    const seen = new Map<string, { started: number; ended: number; arrival: number }>();
    const backAt = new Set<number>();
    while (e.time < 400) {
      e.step();
      log.observe();
      const label = e.time - e.dt;
      const inLot = new Set<number>();
      for (let l = 0; l < e.lots.lotVeh.length; l++) {
        const v = e.lots.lotVeh[l] ?? -1;
        if (v < 0) continue;
        inLot.add(v);
        const id = `p${vs.extId[v] ?? -1}`;
        if (!seen.has(id)) seen.set(id, { started: label, ended: Number.NaN, arrival: Number.NaN });
        // back on the road, standing, before it drives off
        if (vs.state[v] === 2 && (vs.speed[v] ?? 1) === 0) backAt.add(vs.pos[v] ?? 0);
      }
      for (const [id, s] of seen) if (Number.isNaN(s.ended) && ![...inLot].some((v) => `p${vs.extId[v] ?? -1}` === id)) s.ended = label;
    }
    for (const t of log.trips.values()) {
      const s = seen.get(`p${t.id}`);
      if (s) s.arrival = t.arrival;
    }
    expect([...backAt]).toEqual([200]);
    expect(Object.fromEntries(seen)).toEqual(SUMO_DEPART);
  });

  it.runIf(SUMO_AVAILABLE)('matches a fresh SUMO run', () => {
    const ref = runSumo(fixture(DEPART), { args: ['--end', '400'], stops: true });
    const arrivals = Object.fromEntries(ref.trips.map((t) => [t.id, t.depart + t.duration]));
    const stops = Object.fromEntries(ref.stops.map((s) => [s.id, { started: s.started, ended: s.ended, arrival: arrivals[s.id] }]));
    expect(stops).toEqual(SUMO_DEPART);
    // SUMO's stop output gives the place the car comes back at
    expect(new Set(ref.stops.map((s) => s.pos))).toEqual(new Set([200]));
  });
});

describe('a snapshot taken while the area is full', () => {
  it('restores the lots and who waits for them: the run goes on identically', () => {
    const net = loadFixture(CFG);
    const e = engineFor(net);
    e.reset(1);
    while (e.time < 70) e.step();
    // three cars parked (p0, p2, p3) and p4..p7 and t waiting on the road
    expect(e.parked.length).toBe(3);
    const snap = e.snapshot();
    const finish = (x: typeof e): string[] => {
      const log = new TripLog(x);
      while (x.time < 400) {
        x.step();
        log.observe();
      }
      return [...log.trips.values()].map((t) => `${t.id}:${t.arrival}`).sort();
    };
    const first = finish(e);
    // every car is still under way at 70 s (p1 drove off at 67 s; the others parked or waiting): all nine arrive
    expect(first.length).toBe(9);
    const other = engineFor(net);
    other.restore(snap);
    expect(finish(other)).toEqual(first);
    e.restore(snap);
    expect(finish(e)).toEqual(first);
  });
});
