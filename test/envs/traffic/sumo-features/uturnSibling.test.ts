import { describe, expect, it } from 'vitest';
import { loadFixture, trajectory } from './tsgymRun.js';

/*
 * A U-turn behind a left turner from the same lane that stands inside the junction with its back past the
 * point where their paths diverge (test/fixtures/sumo/uturnsibling): SUMO 1.15 counts a foe as past the
 * crossing point only beyond the sagitta of the ego's turn, and a U-turn's is undefined (its radius is
 * under half the driver's length plus 2 m), so the U-turner keeps following the left turner's back.
 */

describe('a U-turn follows a same-lane left turner until it has left the shared lane', () => {
  it('stops inside the junction behind it and leaves after it, as SUMO 1.15 does', () => {
    const { at, log } = trajectory('uturnsibling/uturn.sumocfg', (t) => t.route[1] === 'CE');
    // SUMO 1.15's fcd: braking from 64 s, 0.19 m into :C_7_0 at 66 s and still there at 100 s
    expect(at.get(64)).toBe('EC_0 83.42 11.54');
    expect(at.get(66)).toBe('junction 0.19 2.54');
    expect(at.get(100)).toBe('junction 0.19 0.00');
    const byType = new Map(log.arrived().map((t) => [t.route.join(' '), t.arrival]));
    expect(byType.get('EC CE')).toBe(124);
    expect([...log.arrived()].map((t) => t.arrival).sort((a, b) => a - b)).toEqual([121, 123, 124]);
  });

  it('imports SUMO\'s link radius of the turns: internal lanes\' length over the turn angle, none for straight and right', () => {
    const spec = loadFixture('uturnsibling/uturn.sumocfg').spec;
    const radius = (to: string): number | undefined => spec.connections.find((c) => c.from === 'EC' && c.to === to)?.turnRadius;
    // U-turn: :C_7_0 (1.44 m) + :C_19_0 (0.89 + 0.89 + 1.44 m) over pi
    expect(radius('CE')).toBeCloseTo((Math.hypot(1.2, 0.8) + 2 * Math.hypot(0.4, 0.8) + Math.hypot(1.2, 0.8)) / Math.PI, 3);
    // left turn: :C_6_0 (3.89 + 0.17 m) + :C_18_0 (3.03 + 3.21 + 3.89 m) over pi / 2
    const left = Math.hypot(3.85, 0.55) + Math.hypot(0.15, 0.09) + Math.hypot(2.6, 1.56) + Math.hypot(1.65, 2.75) + Math.hypot(0.55, 3.85);
    expect(radius('CS')).toBeCloseTo(left / (Math.PI / 2), 3);
    expect(radius('CW')).toBeUndefined();
    expect(radius('CN')).toBeUndefined();
  });

  it('a left turner follows a same-lane driver whose back is past the divergence point by less than the sagitta of its turn', () => {
    // test/fixtures/sumo/turnsagitta: the straight driver's back 0.6 m (near) or 0.9 m (far) past the
    // divergence point, against the left turn's sagitta of 0.71 m; SUMO 1.15's fcd and tripinfo
    const leftTrip = (cfg: string): { at64: string; arrival: number } => {
      const { at, log } = trajectory(cfg, (t) => t.route[1] === 'CS');
      return { at64: at.get(64) ?? '', arrival: log.arrived().find((t) => t.route[1] === 'CS')?.arrival ?? Number.NaN };
    };
    expect(leftTrip('turnsagitta/near.sumocfg')).toEqual({ at64: 'EC_0 84.05 12.17', arrival: 123 });
    expect(leftTrip('turnsagitta/far.sumocfg')).toEqual({ at64: 'EC_0 84.59 12.71', arrival: 74 });
  });
});

