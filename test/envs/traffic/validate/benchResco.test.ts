import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bench, rescoBench } from '../../../../envs/traffic/validate/benchResco.js';
import { findSumo } from '../../../../envs/traffic/validate/sumoProcess.js';
import { sections } from '../../../../src/cli/bench/suite.js';
import { layCrossAsResco } from '../resco/crossAsResco.js';

const dir = mkdtempSync(join(tmpdir(), 'tsgym-bench-resco-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench section resco', () => {
  it('is listed in the suite', async () => {
    const s = sections.find((x) => x.name === 'resco');
    expect(await s?.load()).toBe(bench);
  });

  it('skips cleanly, with a note, when the scenarios folder is absent', () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(rescoBench(join(dir, 'absent'), { quick: true })).toEqual([]);
      expect(String(err.mock.calls[0]?.[0])).toMatch(/absent not found: section skipped/);
    } finally {
      err.mockRestore();
    }
  });

  it('measures a scenario in the RESCO layout: engine rate, import time, SUMO anchor and the ratios', () => {
    // our own cross fixture laid out as NAME/NAME.sumocfg (RESCO files are never used in unit tests)
    layCrossAsResco(dir);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let figs;
    try {
      figs = rescoBench(dir, { quick: true });
    } finally {
      err.mockRestore();
    }
    const byKey = Object.fromEntries(figs.map((f) => [f.key, f]));
    const rate = byKey.grid4x4VehicleUpdatesPerSec;
    expect(rate?.unit).toBe('vehicle-updates/s');
    expect(rate?.value).toBeGreaterThan(0);
    expect(rate?.scenario).toMatch(/0-3600 s, .*per CPU second.*after 1 warm-up hour/);
    expect(byKey.grid4x4ImportMs?.unit).toBe('ms');
    expect(byKey.grid4x4ImportMs?.value).toBeGreaterThan(0);
    if (!findSumo()) {
      expect(rate?.anchor).toBeUndefined();
      expect(figs.map((f) => f.key)).toEqual(['grid4x4VehicleUpdatesPerSec', 'grid4x4ImportMs']);
      return;
    }
    expect(rate?.anchor?.measured).toBe(true);
    expect(rate?.anchor?.value).toBeGreaterThan(0);
    const ratio = (rate?.value ?? 0) / (rate?.anchor?.value ?? 1);
    expect(byKey.minSpeedup?.value).toBeCloseTo(ratio, 9);
    expect(byKey.medianSpeedup?.value).toBeCloseTo(ratio, 9); // one scenario: min = median
    expect(byKey.minSpeedup?.scenario).toMatch(/grid4x4 \d+\.\d\dx; target \(issue 15\) >= 20x/);
  }, 60_000);
});
