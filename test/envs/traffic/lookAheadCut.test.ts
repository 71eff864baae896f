import { describe, expect, it } from 'vitest';
import { maximumSafeStopSpeed } from '../../../envs/traffic/engine/carFollowing.js';
import type { CompiledNetwork } from '../../../envs/traffic/engine/compileNetwork.js';
import { LS_EQ, LS_G, LS_M, LS_m, LS_W } from '../../../envs/traffic/engine/linkStates.js';
import { lookAheadCutRoads } from '../../../envs/traffic/engine/lookAheadCut.js';

/*
 * The plan's look-ahead shortcut for a driver standing in a queue (envs/traffic/engine/lookAheadCut.ts) must
 * not apply where the skipped part of the look-ahead is read: at junctions with an all-way stop (each item
 * draws a random tie breaker) or right-before-left links (the deadlock check reads every item's distance).
 * A look-ahead holds at most 4 items, the first at the end of the driver's road and each further one at the
 * same junction or one road on, so a junction 3 roads past the end of the road is still within reach and one
 * 4 roads past is not.
 */

/** A corridor of `n` roads, road i from node i to node i + 1, one link per road into it; `states[i]` is the state of the link at node i + 1. */
function corridor(states: number[]): CompiledNetwork {
  const n = states.length;
  return {
    nNodes: n + 1,
    nRoads: n,
    nLinks: n,
    roadFrom: Int32Array.from({ length: n }, (_, i) => i),
    roadTo: Int32Array.from({ length: n }, (_, i) => i + 1),
    linkConn: Int32Array.from({ length: n }, (_, i) => i),
    connNode: Int32Array.from({ length: n }, (_, i) => i + 1),
    linkStatic: Uint8Array.from(states),
  } as unknown as CompiledNetwork;
}

describe('look-ahead shortcut for standing drivers: where it may apply', () => {
  it('not on the 4 roads before an all-way stop, again on those farther upstream', () => {
    // links at nodes 1..6; the all-way stop at node 6 (the end of road 5)
    const roads = lookAheadCutRoads(corridor([LS_M, LS_M, LS_M, LS_M, LS_M, LS_W]));
    expect(Array.from(roads)).toEqual([1, 1, 0, 0, 0, 0]);
  });

  it('not on the 4 roads before a right-before-left junction', () => {
    const roads = lookAheadCutRoads(corridor([LS_G, LS_m, LS_EQ, LS_G, LS_G, LS_G, LS_G]));
    // node 3 (end of road 2) has the = link: roads 0..2 reach it within 3 roads; the roads after it do not
    expect(Array.from(roads)).toEqual([0, 0, 0, 1, 1, 1, 1]);
  });

  it('everywhere on a network with only signals, priority and minor links', () => {
    expect(Array.from(lookAheadCutRoads(corridor([LS_G, LS_M, LS_m, LS_G])))).toEqual([1, 1, 1, 1]);
  });

  it('a branch off the corridor counts: a junction reachable along any road is within reach', () => {
    // road 4 leaves node 1 to node 5, whose link is an all-way stop
    const net = {
      nNodes: 6, nRoads: 5, nLinks: 5,
      roadFrom: Int32Array.from([0, 1, 2, 3, 1]),
      roadTo: Int32Array.from([1, 2, 3, 4, 5]),
      linkConn: Int32Array.from([0, 1, 2, 3, 4]),
      connNode: Int32Array.from([1, 2, 3, 4, 5]),
      linkStatic: Uint8Array.from([LS_M, LS_M, LS_M, LS_M, LS_W]),
    } as unknown as CompiledNetwork;
    expect(Array.from(lookAheadCutRoads(net))).toEqual([0, 1, 1, 1, 0]);
  });

  it("a Krauss stop speed covers no more than the distance to the stop point in the step (the shortcut's speed-cap argument)", () => {
    for (const dt of [0.1, 0.2, 0.5, 1]) {
      for (const b of [0.5, 2, 4.5, 7.5]) {
        for (let g = 0; g <= 60; g += 0.037) expect(maximumSafeStopSpeed(g, b, dt, dt) * dt).toBeLessThanOrEqual(g);
      }
    }
  });
});
