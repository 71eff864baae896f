import type { NetworkSpecInput } from '../../envs/traffic/network/NetworkSpec.js';

type Phases = NonNullable<NetworkSpecInput['signals']>[number]['phases'];
type Flows = NonNullable<NetworkSpecInput['demand']>['flows'];

/**
 * The smallest signalized crossing for hand-computed tests: W -> J -> E (connection 0) and S -> J -> N
 * (connection 1), one lane each, 300 m approaches, signal J with `phases`, demand `flows`.
 *
 * @example
 * ```ts
 * const spec = crossNetwork([{ protected: [0], duration: 30, yellow: 3, allRed: 2 }, { protected: [1], duration: 30, yellow: 3, allRed: 2 }], []);
 * ```
 */
export function crossNetwork(phases: Phases, flows: Flows, offset = 0): NetworkSpecInput {
  return {
    nodes: [
      { id: 'W', type: 'boundary', x: -300, y: 0 }, { id: 'J', type: 'signalized', x: 0, y: 0 }, { id: 'E', type: 'boundary', x: 300, y: 0 },
      { id: 'S', type: 'boundary', x: 0, y: -300 }, { id: 'N', type: 'boundary', x: 0, y: 300 },
    ],
    roads: [
      { id: 'we', from: 'W', to: 'J', lanes: [{}] }, { id: 'je', from: 'J', to: 'E', lanes: [{}] },
      { id: 'sn', from: 'S', to: 'J', lanes: [{}] }, { id: 'jn', from: 'J', to: 'N', lanes: [{}] },
    ],
    connections: [{ from: 'we', fromLane: 0, to: 'je', toLane: 0, dir: 's' }, { from: 'sn', fromLane: 0, to: 'jn', toLane: 0, dir: 's' }],
    signals: [{ node: 'J', offset, phases }],
    demand: { flows },
  };
}
