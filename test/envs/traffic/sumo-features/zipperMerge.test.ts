import { describe, expect, it } from 'vitest';
import { loadFixture } from './tsgymRun.js';

/*
 * A zipper merge (test/fixtures/sumo/zipper): both lanes of the 2-lane WM continue into the 1-lane ME
 * through a junction of type `zipper`. netconvert gives both links state 'Z' and makes each yield to the
 * other (`<request index="0" response="10"/>`, `<request index="1" response="01"/>`): drivers take turns.
 */

describe('zipper merge', () => {
  it("imports both merging links with state 'Z', each a foe of and yielding to the other", () => {
    const net = loadFixture('zipper/zipper.sumocfg');
    const merge = net.spec.connections.map((c, i) => ({ c, i })).filter(({ c }) => c.from === 'WM');
    expect(merge.map(({ c }) => [c.fromLane, c.to, c.toLane, c.state])).toEqual([
      [0, 'ME', 0, 'Z'],
      [1, 'ME', 0, 'Z'],
    ]);
    const [a, b] = merge;
    expect(a?.c.foes).toEqual([b?.i]);
    expect(b?.c.foes).toEqual([a?.i]);
    expect(a?.c.response).toEqual([b?.i]);
    expect(b?.c.response).toEqual([a?.i]);
  });
});
