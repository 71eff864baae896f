import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../../../envs/traffic/import/loadNetworkFile.js';
import { runCityflowDataset } from '../../../../envs/traffic/validate/validateCityflow.js';

/** The literature datasets next to the repository (never copied into it, see their README). */
const SHARED = new URL('../../../../../shared/data/cityflow/', import.meta.url).pathname;
const FIX = new URL('../../../fixtures/cityflow/', import.meta.url).pathname;
const haveShared = existsSync(SHARED);

/** Dataset folder, signals and vehicles per the datasets' README (or our own 2x2 fixture when they are absent). */
const CASES: [string, number, number][] = haveShared
  ? [[`${SHARED}jinan_3x4`, 12, 6295], [`${SHARED}hangzhou_4x4`, 16, 2983]]
  : [[`${FIX}grid2x2`, 4, 143]];

describe(`CityFlow datasets run to the end (${haveShared ? 'shared Jinan 3x4 and Hangzhou 4x4' : 'shared data absent: own 2x2 fixture'})`, () => {
  for (const [dir, signals, vehicles] of CASES) {
    it(`${dir.replace(/^.*\/(?=[^/]+$)/, '')}: ${signals} signals, ${vehicles} vehicles, every one arrives under max-pressure`, () => {
      const net = loadNetworkFile(dir);
      expect(net.spec.signals.length).toBe(signals);
      expect(net.expectedVehicles).toBe(vehicles);
      // CityFlow's roads of these datasets have 3 lanes (left, straight, right)
      expect(net.spec.roads.every((r) => r.lanes.length === 3)).toBe(true);
      const [run] = runCityflowDataset(dir, { policies: ['max-pressure'], drain: 3600 });
      expect(run?.accounted).toBe(true);
      expect(run?.end.arrived).toBe(vehicles);
      expect(run?.end.running).toBe(0);
      // one hour of demand cannot all arrive within the hour, but most of it must
      expect(run?.hour.arrived).toBeGreaterThan(0.7 * vehicles);
    }, 60_000);
  }
});
