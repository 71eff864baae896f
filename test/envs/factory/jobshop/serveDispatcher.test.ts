import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPolicyServer } from '../../../../src/serve/PolicyServer.js';
import { resolvePolicy } from '../../../../src/eval/resolvePolicy.js';
import { policyFromSpec } from '../../../../src/rollout/policyFromSpec.js';
import '../../../../envs/factory/index.js';
import { JobShopEnv, type JobShopGraphObs } from '../../../../envs/factory/jobshop/JobShopEnv.js';
import { GnnPolicy } from '../../../../envs/factory/jobshop/gnn/GnnPolicy.js';
import { SHIPPED_DISPATCHER } from '../../../../envs/factory/jobshop/gnn/shippedDispatcher.js';

const runDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'gnn-run-'));
  writeFileSync(join(dir, 'policy.json'), JSON.stringify(SHIPPED_DISPATCHER));
  return dir;
};

const toJson = (o: JobShopGraphObs): Record<string, number[]> => ({
  actionMask: Array.from(o.actionMask),
  opFeatures: Array.from(o.opFeatures),
  opMachine: Array.from(o.opMachine),
  machinePred: Array.from(o.machinePred),
});

describe('a trained dispatcher run directory', () => {
  it('resolves to a network PolicySpec that plays like the gnn policy', () => {
    const spec = resolvePolicy(runDir(), 'JobShop-v0');
    expect(typeof spec !== 'string' && spec.kind).toBe('network');
    const env = new JobShopEnv({ instance: 'ta03', scheme: 'non-delay' });
    const a = policyFromSpec(spec, 'JobShop-v0', env);
    const b = new GnnPolicy(SHIPPED_DISPATCHER, env);
    let [obs] = env.reset({ seed: 0 });
    for (;;) {
      const act = a.act(obs, {}) as number;
      expect(act).toBe(b.act(obs));
      const r = env.step(act);
      obs = r[0];
      if (r[2]) break;
    }
    expect(() => resolvePolicy(runDir(), 'CartPole-v1')).toThrow(/cannot drive CartPole-v1/);
  });

  it('is served over HTTP from graph observations of any size, with clear 400s', async () => {
    const server = await startPolicyServer({ runDir: runDir(), watch: false });
    try {
      for (const kw of [{ instance: 'ft06' }, { instance: 'random', jobs: 9, machines: 4 }]) {
        const env = new JobShopEnv({ ...kw, scheme: 'non-delay', observation: 'graph' });
        const local = new GnnPolicy(SHIPPED_DISPATCHER);
        let [obs] = env.reset({ seed: 1 }) as [JobShopGraphObs, unknown];
        for (;;) {
          const res = await fetch(`${server.url}/act`, { method: 'POST', body: JSON.stringify({ obs: toJson(obs) }) });
          const body = (await res.json()) as { action: number; modelVersion: string };
          expect(res.status).toBe(200);
          expect(body.action).toBe(local.act(obs));
          const r = env.step(body.action);
          obs = r[0] as JobShopGraphObs;
          if (r[2]) break;
        }
      }
      const bad = await fetch(`${server.url}/act`, {
        method: 'POST',
        body: JSON.stringify({ obs: { actionMask: [1, 0], opFeatures: [1], opMachine: [0, 0] } }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/opFeatures has 1 numbers, expected 26/);
      const explain = await fetch(`${server.url}/act?explain=1`, {
        method: 'POST',
        body: JSON.stringify({
          obs: toJson(new JobShopEnv({ instance: 'ft06', observation: 'graph' }).reset({ seed: 0 })[0] as JobShopGraphObs),
        }),
      });
      expect(explain.status).toBe(400);
    } finally {
      await server.close();
    }
  });
});
