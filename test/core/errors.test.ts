import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assertAction, formatValue } from '../../src/core/assertAction.js';
import { ClosedEnvironment, EnvCheckError, InvalidAction, InvalidConfig, ResetNeeded, TsgymError, UnknownEnv } from '../../src/core/errors.js';
import { parseConfig } from '../../src/core/parseConfig.js';
import { Box } from '../../src/spaces/Box.js';
import { Discrete } from '../../src/spaces/Discrete.js';
import { MultiDiscrete } from '../../src/spaces/MultiDiscrete.js';

describe('typed errors', () => {
  it('carry their class name and share TsgymError', () => {
    for (const E of [ResetNeeded, ClosedEnvironment, InvalidAction, InvalidConfig, UnknownEnv, EnvCheckError]) {
      const e = new E('m');
      expect(e).toBeInstanceOf(TsgymError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(E.name);
      expect(e.message).toBe('m');
    }
  });

  it('assertAction names the action and the space', () => {
    expect(() => assertAction(new Discrete(2), 2)).toThrow(InvalidAction);
    expect(() => assertAction(new Discrete(2), 2)).toThrow('Invalid action 2: expected an element of Discrete(2)');
    expect(() => assertAction(new Box(-1, 1, [2]), Float32Array.of(1, 2, 3))).toThrow(
      'Invalid action Float32Array(3) [1, 2, 3]: expected an element of Box(-1.0, 1.0, [2], float32)',
    );
    expect(() => assertAction(new Box(-1, 1, [2]), Float32Array.of(NaN, 0))).toThrow('Invalid action Float32Array(2) [NaN, 0]');
    expect(() => assertAction(new Discrete(2), NaN)).toThrow('Invalid action NaN: expected an element of Discrete(2)');
    expect(() => assertAction(new MultiDiscrete([2, 2]), [0, 5])).toThrow('Invalid action Array(2) [0, 5]: expected an element of MultiDiscrete([2, 2])');
    expect(() => assertAction(new Discrete(2), 1)).not.toThrow();
  });

  it('formatValue shortens long arrays and shows objects as JSON', () => {
    expect(formatValue(new Float32Array(10))).toBe('Float32Array(10) [0, 0, 0, 0, 0, 0, 0, 0, ...]');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue(undefined)).toBe('undefined');
  });

  it('parseConfig names unknown keys, bad key paths, the value and the expectation', () => {
    const schema = z.object({ lanes: z.number().int().positive(), signal: z.object({ cycle: z.number().min(10) }).strict() }).strict();
    expect(parseConfig(schema, { lanes: 2, signal: { cycle: 60 } }, 'Toy kwargs')).toEqual({ lanes: 2, signal: { cycle: 60 } });
    expect(() => parseConfig(schema, { lanes: 2, signal: { cycle: 60 }, speed: 3 }, 'Toy kwargs')).toThrow("Invalid Toy kwargs: unknown key 'speed'");
    expect(() => parseConfig(schema, { lanes: -1, signal: { cycle: 60 } }, 'Toy kwargs')).toThrow(/^Invalid Toy kwargs: lanes: .*\(got -1\)$/);
    expect(() => parseConfig(schema, { lanes: 1, signal: { cycle: 5 } }, 'Toy kwargs')).toThrow(/signal\.cycle: .*10.*\(got 5\)/);
  });
});
