import { describe, expect, it } from 'vitest';
import { SumoOutputs } from '../../../../envs/traffic/sumo/SumoOutputs.js';
import { sumoMetrics } from '../../../../envs/traffic/sumo/sumoMetrics.js';

// Lines as SUMO 1.15 streams them (tripinfo of test/fixtures/sumo/parkingonroad: z teleports past the end
// of its route at 440 s and is removed with vaporized="teleport"; statistics of the same step).
const ARRIVED =
  '<tripinfo id="a0" depart="0.00" departLane="WM_0" departPos="5.10" departSpeed="0.00" departDelay="0.00" arrival="93.00" ' +
  'arrivalLane="ME_0" duration="93.00" routeLength="795.00" waitingTime="0.00" waitingCount="0" stopTime="30.00" timeLoss="5.68" vaporized=""/>';
const VAPORIZED =
  '<tripinfo id="z" depart="100.00" departLane="WM_0" departPos="5.10" departSpeed="0.00" departDelay="0.00" arrival="440.00" ' +
  'arrivalLane="ME_0" duration="340.00" routeLength="795.00" waitingTime="301.00" waitingCount="1" stopTime="0.00" timeLoss="304.55" vaporized="teleport"/>';
const STEP = '<step time="440.00" loaded="5" inserted="5" running="0" waiting="0" ended="5" halting="0" teleports="1" meanSpeed="-1.00"/>';

describe('SUMO backend outputs', () => {
  it('counts a driver removed by a teleport past its route end as vaporized, not arrived, as tsgym does', () => {
    const o = new SumoOutputs(1);
    o.feed(`${ARRIVED}\n${VAPORIZED}\n${STEP}\n`);
    expect(o.arrived).toBe(1);
    expect(o.vaporized).toBe(1);
    const m = sumoMetrics(440, o, { waiting: 0, timeLoss: 0 });
    expect(m.arrived).toBe(1);
    expect(m.vaporized).toBe(1);
    expect(m.meanTravelTime).toBe(93);
    // RESCO's delay counts every inserted driver: (5.68 + 304.55) / 5 inserted
    expect(m.rescoDelay).toBeCloseTo((5.68 + 304.55) / 5, 9);
    expect(m.teleports).toBe(1);
  });
});
