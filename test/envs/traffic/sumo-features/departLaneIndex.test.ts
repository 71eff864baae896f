import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { runSumo, SUMO_AVAILABLE } from './sumoReference.js';
import { engineFor, fixture, loadFixture, runUntil, TripLog } from './tsgymRun.js';

/*
 * A numeric departLane counts the lanes of the edge as SUMO numbers them, sidewalks included
 * (test/fixtures/sumo/bicycles/departlane.sumocfg): on B1A1, SUMO's lane 0 is a sidewalk, 1 a bike lane,
 * 2 and 3 car lanes. tsgym leaves the sidewalk out, so its lanes there are the bike lane (0) and the car
 * lanes (1, 2).
 */

const CFG = 'bicycles/departlane.sumocfg';

describe('departLane as a SUMO lane index on an edge with a sidewalk', () => {
  it('puts each driver on the lane SUMO 1.15 puts it on', () => {
    const e = engineFor(loadFixture(CFG));
    e.reset(1);
    const log = new TripLog(e);
    runUntil(e, 1, log);
    const lanes = [...log.trips.values()].map((t) => t.departLane);
    // vehicles in file order: left (SUMO B1A1_3), right (B1A1_2), rider (B1A1_1), as SUMO's fcd shows at 0 s
    expect(lanes).toEqual(['B1A1_2', 'B1A1_1', 'B1A1_0']);
    if (SUMO_AVAILABLE) {
      const ref = runSumo(fixture(CFG), { fcd: true });
      const at0 = new Map(ref.fcd.filter((f) => f.time === 0).map((f) => [f.id, f.lane]));
      expect([at0.get('left'), at0.get('right'), at0.get('rider')]).toEqual(['B1A1_3', 'B1A1_2', 'B1A1_1']);
    }
  });

  it('refuses the sidewalk as a departure lane, naming the vehicle and the lane, as SUMO refuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-departlane-'));
    writeFileSync(join(dir, 'r.rou.xml'), '<routes>\n<vehicle id="walker" depart="0" departLane="0"><route edges="B1A1 A1A2"/></vehicle>\n</routes>\n');
    writeFileSync(
      join(dir, 'c.sumocfg'),
      `<configuration><input><net-file value="${fixture('bicycles/bicycles.net.xml')}"/><route-files value="r.rou.xml"/></input></configuration>`,
    );
    expect(() => loadNetworkFile(join(dir, 'c.sumocfg'))).toThrow(/vehicle 'walker'.*departLane.*lane 0 of edge 'B1A1' is not one vehicles may use/s);
  });
});
