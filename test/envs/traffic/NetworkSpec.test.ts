import { describe, expect, it } from 'vitest';
import { parseNetworkSpec, type NetworkSpecInput } from '../../../envs/traffic/network/NetworkSpec.js';
import { InvalidConfig } from '../../../src/core/errors.js';

/** A hand-written 4-arm intersection C with arms N, E, S, W; one lane per road. */
function cross(): NetworkSpecInput & { connections: { from: string; fromLane: number; to: string; toLane: number; dir: 'l' | 's' | 'r' | 't' }[] } {
  const arms = { N: [0, 200], E: [200, 0], S: [0, -200], W: [-200, 0] } as const;
  const nodes: NetworkSpecInput['nodes'] = [{ id: 'C', type: 'signalized', x: 0, y: 0 }];
  const roads: NetworkSpecInput['roads'] = [];
  for (const [k, [x, y]] of Object.entries(arms)) {
    nodes.push({ id: k, type: 'boundary', x, y });
    roads.push({ id: `${k}in`, from: k, to: 'C', lanes: [{}] }, { id: `${k}out`, from: 'C', to: k, lanes: [{}] });
  }
  // from arm -> [left, straight, right] target arms (right-hand traffic, y up)
  const turns: Record<string, [string, string, string]> = { S: ['W', 'N', 'E'], N: ['E', 'S', 'W'], E: ['S', 'W', 'N'], W: ['N', 'E', 'S'] };
  const connections: { from: string; fromLane: number; to: string; toLane: number; dir: 'l' | 's' | 'r' | 't' }[] = [];
  for (const [k, [l, s, r]] of Object.entries(turns)) {
    connections.push({ from: `${k}in`, fromLane: 0, to: `${l}out`, toLane: 0, dir: 'l' });
    connections.push({ from: `${k}in`, fromLane: 0, to: `${s}out`, toLane: 0, dir: 's' });
    connections.push({ from: `${k}in`, fromLane: 0, to: `${r}out`, toLane: 0, dir: 'r' });
  }
  // connections: S l,s,r = 0,1,2; N = 3,4,5; E = 6,7,8; W = 9,10,11
  const signals = [
    {
      node: 'C',
      phases: [
        { protected: [1, 2, 4, 5], permitted: [0, 3], duration: 30 },
        { protected: [7, 8, 10, 11], permitted: [6, 9], duration: 30 },
      ],
    },
  ];
  return { nodes, roads, connections, signals, demand: { flows: [{ route: ['Sin', 'Nout'], vehPerHour: 300 }] } };
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidConfig);
    return (e as Error).message;
  }
  throw new Error('expected InvalidConfig');
}

describe('NetworkSpec', () => {
  it('accepts a valid 4-arm intersection and fills defaults', () => {
    const net = parseNetworkSpec(cross());
    expect(net.roads[0]?.speed).toBeCloseTo(13.89);
    expect(net.signals[0]?.phases[0]?.yellow).toBe(3);
    expect(net.demand.flows[0]?.insertion).toBe('poisson');
  });

  it('refuses a lane pointing to a missing road, naming the field', () => {
    const n = cross();
    n.connections[1] = { from: 'Sin', fromLane: 0, to: 'Xout', toLane: 0, dir: 's' };
    expect(errorOf(() => parseNetworkSpec(n))).toMatch(/connections\[1\]\.to: lane points to a missing road 'Xout'/);
  });

  it('refuses conflicting protected movements (opposing left and through)', () => {
    const n = cross();
    // protected S left (0) with N through (4): the left crosses the opposing through
    n.signals = [{ node: 'C', phases: [{ protected: [0, 4], duration: 30 }] }];
    expect(errorOf(() => parseNetworkSpec(n))).toMatch(/signals\[0\]\.phases\[0\]\.protected\[1\]: conflicting protected movements/);
    // both through movements of crossing streets
    n.signals = [{ node: 'C', phases: [{ protected: [1, 7], duration: 30 }] }];
    expect(errorOf(() => parseNetworkSpec(n))).toMatch(/conflicting protected movements/);
    // a right turn merging with the crossing street's through (S right -> E, W through -> E)
    n.signals = [{ node: 'C', phases: [{ protected: [2, 10], duration: 30 }] }];
    expect(errorOf(() => parseNetworkSpec(n))).toMatch(/conflicting protected movements/);
  });

  it('accepts non-conflicting dual lefts and opposing throughs with right turns', () => {
    const n = cross();
    n.signals = [
      {
        node: 'C',
        phases: [
          { protected: [0, 3], duration: 10 },
          { protected: [1, 2, 4, 5], duration: 30 },
          { protected: [6, 9], duration: 10 },
          { protected: [7, 8, 10, 11], duration: 30 },
        ],
      },
    ];
    expect(parseNetworkSpec(n).signals[0]?.phases).toHaveLength(4);
  });

  it('refuses negative flows', () => {
    const n = cross();
    n.demand = { flows: [{ route: ['Sin', 'Nout'], vehPerHour: -5 }] };
    expect(errorOf(() => parseNetworkSpec(n))).toMatch(/demand\.flows\[0\]\.vehPerHour/);
  });

  it('refuses impossible timings', () => {
    const n = cross();
    n.signals = [{ node: 'C', phases: [{ protected: [1], duration: 30, minGreen: 40, maxGreen: 35 }, { protected: [7], duration: 30 }] }];
    const msg = errorOf(() => parseNetworkSpec(n));
    expect(msg).toMatch(/signals\[0\]\.phases\[0\]\.minGreen: impossible timing: minGreen 40 s > maxGreen 35 s/);
    n.signals = [{ node: 'C', phases: [{ protected: [1], duration: 0 }] }];
    expect(errorOf(() => parseNetworkSpec(n))).toMatch(/signals\[0\]\.phases\[0\]\.duration/);
    n.signals = [{ node: 'C', phases: [{ protected: [1], duration: 10, yellow: -1 }] }];
    expect(errorOf(() => parseNetworkSpec(n))).toMatch(/signals\[0\]\.phases\[0\]\.yellow/);
  });

  it('refuses routes that do not connect, unknown keys, and signalized nodes without a program', () => {
    const n = cross();
    n.demand = { flows: [{ route: ['Sin', 'Sout'], vehPerHour: 100 }] };
    expect(errorOf(() => parseNetworkSpec(n))).toMatch(/demand\.flows\[0\]\.route\[1\]: no connection from road 'Sin' to road 'Sout'/);
    expect(errorOf(() => parseNetworkSpec({ ...cross(), bogus: 1 }))).toMatch(/unknown key 'bogus'/);
    expect(errorOf(() => parseNetworkSpec({ ...cross(), signals: [] }))).toMatch(/nodes\[0\]\.type: signalized node 'C' has no signal program/);
  });
});
