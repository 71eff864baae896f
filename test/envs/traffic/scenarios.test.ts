import { describe, expect, it } from 'vitest';
import { TrafficEngine } from '../../../envs/traffic/engine/TrafficEngine.js';
import { parseNetworkSpec } from '../../../envs/traffic/network/NetworkSpec.js';
import { arterialNetwork } from '../../../envs/traffic/scenarios/arterialNetwork.js';
import { gridNetwork } from '../../../envs/traffic/scenarios/gridNetwork.js';
import { singleIntersection } from '../../../envs/traffic/scenarios/singleIntersection.js';

describe('built-in scenarios', () => {
  it('have the expected structure: single 4-arm, arterial of N, R x C grid', () => {
    const single = parseNetworkSpec(singleIntersection());
    expect(single.nodes.filter((n) => n.type === 'signalized')).toHaveLength(1);
    expect(single.roads).toHaveLength(8);
    // 2 lanes [s+r, l+s]: per arm 1 left + 2 straight + 1 right
    expect(single.connections).toHaveLength(16);
    const art = parseNetworkSpec(arterialNetwork(5));
    expect(art.signals).toHaveLength(5);
    const grid = parseNetworkSpec(gridNetwork({ rows: 3, cols: 4 }));
    expect(grid.signals).toHaveLength(12);
    // internal roads: 2 directions x (3 x 3 horizontal + 2 x 4 vertical) + 2 x border arms 2 x (3 + 4)
    expect(grid.roads).toHaveLength(2 * (3 * 3 + 2 * 4) + 2 * 2 * (3 + 4));
    expect(() => gridNetwork({ rows: 0 })).toThrow(/rows/);
  });

  it('green-wave offsets cut the stops of eastbound platoons on the arterial', () => {
    const stops = (offsets: 'none' | 'green-wave'): number => {
      const e = new TrafficEngine(
        arterialNetwork(5, {
          offsets,
          demandByEntry: { W0: 500, E0: 0, N0: 0, S0: 0, N1: 0, S1: 0, N2: 0, S2: 0, N3: 0, S3: 0, N4: 0, S4: 0 },
          turning: { l: 0, s: 1, r: 0 },
          spacing: 300,
        }),
      );
      e.reset(1);
      for (let i = 0; i < 3600; i++) e.step();
      return e.metrics().meanStops;
    };
    const wave = stops('green-wave');
    const none = stops('none');
    expect(wave).toBeLessThan(none * 0.7);
  });
});
