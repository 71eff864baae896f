import { describe, expect, it } from 'vitest';
import { torchLinearInit } from '../../agents/common/Mlp.js';
import { DQN } from '../../agents/dqn.js';
import { make } from '../../src/index.js';
import '../../envs/index.js';

describe("PyTorch's nn.Linear initialisation", () => {
  it('draws weights and biases uniform in +-1/sqrt(fanIn): bounds, mean 0, std bound/sqrt(3); seeded', () => {
    const { w, b } = torchLinearInit(64, 400, 3);
    const bound = 1 / 8;
    for (const x of [...w, ...b]) expect(Math.abs(x)).toBeLessThanOrEqual(bound);
    const m = w.reduce((s, x) => s + x, 0) / w.length;
    const sd = Math.sqrt(w.reduce((s, x) => s + (x - m) ** 2, 0) / w.length);
    expect(Math.abs(m)).toBeLessThan(0.003); // 25600 draws: the mean's sd is 0.072/160
    expect(sd).toBeCloseTo(bound / Math.sqrt(3), 3);
    expect(torchLinearInit(64, 400, 3).w).toEqual(w);
    expect(torchLinearInit(64, 400, 4).w).not.toEqual(w);
  });

  it("DQN with init 'torch' starts from such layers (CartPole: first layer fanIn 4, bound 0.5; biases not zero)", async () => {
    const agent = await DQN.create(make('CartPole-v1'), { seed: 1, netArch: [32], init: 'torch' });
    const [l0, l1] = agent.exportPolicy().layers;
    expect(Math.max(...(l0?.weights ?? []).map(Math.abs))).toBeLessThanOrEqual(0.5);
    expect(Math.max(...(l0?.weights ?? []).map(Math.abs))).toBeGreaterThan(0.4);
    expect(Math.max(...(l1?.bias ?? []).map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(32));
    expect((l1?.bias ?? []).some((x) => x !== 0)).toBe(true);
    agent.dispose();
  });
});
