import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSumo } from '../../../../envs/traffic/validate/sumoProcess.js';
import { SUMO_AVAILABLE } from './sumoReference.js';
import { fixture, loadFixture } from './tsgymRun.js';

/*
 * A road built with netconvert --opposites.guess (test/fixtures/sumo/opposite): SUMO 1.15's drivers overtake
 * through the oncoming lane, which tsgym does not model; the import names it in one warning instead of
 * ignoring the lanes' <neigh> elements silently.
 */

describe('lanes with an opposite-direction neighbour', () => {
  it('are named in one warning (all 6 lanes of the three two-way roads), the network otherwise read as usual', () => {
    const net = loadFixture('opposite/rural.sumocfg');
    const w = net.warnings.filter((x) => x.element.startsWith('<lane><neigh>'));
    expect(w).toHaveLength(1);
    expect(w[0]?.element).toBe('<lane><neigh> (6 lanes with an opposite-direction neighbour)');
    expect(w[0]?.message).toMatch(/overtaking through the oncoming lane is not modelled/);
    expect(net.spec.roads.map((r) => r.id).sort()).toEqual(['em', 'me', 'mmn', 'mnm', 'mw', 'wm']);
  });

  it.skipIf(!SUMO_AVAILABLE)('SUMO 1.15 overtakes through the oncoming lane there (its --lanechange-output)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgym-opposite-'));
    try {
      const out = join(dir, 'lc.xml');
      const r = spawnSync(findSumo() ?? 'sumo', ['-c', fixture('opposite/rural.sumocfg'), '--no-step-log', '--lanechange-output', out], {
        encoding: 'utf8',
        env: { ...process.env, SUMO_HOME: process.env.SUMO_HOME ?? '/usr/share/sumo' },
      });
      expect(r.status, r.stderr).toBe(0);
      const changes = [...readFileSync(out, 'utf8').matchAll(/<change [^>]*from="(\w+)_0" to="(\w+)_0"/g)];
      // measured: 186 changes between a lane and its oncoming neighbour (out and back)
      const opposite = changes.filter((m) => ['wm:mw', 'mw:wm', 'me:em', 'em:me'].includes(`${m[1] ?? ''}:${m[2] ?? ''}`));
      expect(opposite.length).toBeGreaterThan(50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
