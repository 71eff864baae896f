// Bad-input matrix, part 5: CLI flags and config files, through the compiled binary
// (dist/src/cli/main.js). Every bad invocation must exit non-zero with ONE line on stderr, no stack
// trace, naming the bad value and the expectation; tsgym's own checks print the typed error's name.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/ensureBuilt.js';

const BIN = join(ROOT, 'dist/src/cli/main.js');
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function tsgym(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000, env: { ...process.env, TSGYM_TF_BACKEND: 'cpu' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** [label, args (F(name) is a file in the temp dir), error name (null: commander's own usage error), patterns]. */
type Row = [label: string, args: (F: (n: string) => string) => string[], type: string | null, patterns: (string | RegExp)[]];

const rows: Row[] = [
  ['--episodes not a number', () => ['eval', '--env', 'CartPole-v1', '--policy', 'pd', '--episodes', 'abc'], 'CliError', ["--episodes 'abc'", 'integer >= 1']],
  ['--seed negative', () => ['eval', '--env', 'CartPole-v1', '--policy', 'pd', '--seed', '-1'], 'CliError', ["--seed '-1'", 'integer >= 0']],
  ['--set without =', () => ['eval', '--env', 'CartPole-v1', '--policy', 'pd', '--set', 'gravity'], 'CliError', ["--set 'gravity'", 'key=value']],
  [
    '--set prototype pollution',
    () => ['eval', '--env', 'CartPole-v1', '--policy', 'pd', '--set', '__proto__.polluted=1'],
    'CliError',
    ["'__proto__.polluted'", 'dotted names'],
  ],
  [
    '--set unknown kwarg',
    () => ['eval', '--env', 'CartPole-v1', '--policy', 'pd', '--set', 'gravity=9.8', '--episodes', '1'],
    'InvalidConfig',
    ["unknown key 'gravity'"],
  ],
  [
    '--set wrong type',
    () => ['eval', '--env', 'FactoryLine-v0', '--policy', 'fifo', '--set', 'horizon=soon', '--episodes', '1'],
    'InvalidConfig',
    ['horizon', '(got "soon")'],
  ],
  [
    '--set negative value',
    () => ['record', '--env', 'FactoryLine-v0', '--policy', 'fifo', '--out', join(tmpdir(), 'never-written.json'), '--set', 'horizon=-5'],
    'InvalidConfig',
    ['horizon', '>0', '(got -5)'],
  ],
  ['unknown env id', () => ['eval', '--env', 'CartPol-v1', '--policy', 'pd'], 'UnknownEnv', ["'CartPol-v1'", 'Did you mean: CartPole-v1']],
  ['unknown policy', () => ['eval', '--env', 'CartPole-v1', '--policy', 'nosuch'], 'UnknownPolicy', ["'nosuch'", 'pd']],
  ['policy dir without policy.json', (F) => ['eval', '--env', 'CartPole-v1', '--policy', F('.')], 'InvalidFile', ['no policy.json']],
  ['compare lists a policy twice', () => ['compare', '--env', 'CartPole-v1', '--policies', 'pd,pd'], 'CliError', ["--policies 'pd,pd'", 'twice']],
  [
    'compare unknown --metric',
    (F) => ['compare', '--env', 'CartPole-v1', '--policies', 'random,pd', '--episodes', '2', '--workers', '1', '--chart', F('c.svg'), '--metric', 'speed'],
    'InvalidConfig',
    ["--metric 'speed' for CartPole-v1", 'expected one of return, length'],
  ],
  [
    'compare unknown --metric on traffic, caught before 1,000 episodes run',
    () => ['compare', '--env', 'TrafficSignal-v0', '--policies', 'fixed-time,max-pressure', '--episodes', '1000', '--metric', 'delay'],
    'InvalidConfig',
    ["--metric 'delay' for TrafficSignal-v0", 'expected one of meanDelay, meanWaitingTime'],
  ],
  [
    'eval unknown --metrics name, caught before 1,000 episodes run',
    () => ['eval', '--env', 'FactoryLine-v0', '--policy', 'fifo', '--episodes', '1000', '--metrics', 'meanTardiness,makespan'],
    'InvalidConfig',
    ["--metrics 'makespan' for FactoryLine-v0", 'expected one of meanTardiness'],
  ],
  ['record to a .txt', (F) => ['record', '--env', 'CartPole-v1', '--policy', 'pd', '--out', F('x.txt')], 'CliError', ["--out '", 'x.txt', '.json or .json.gz']],
  [
    'record into a missing folder',
    () => ['record', '--env', 'CartPole-v1', '--policy', 'pd', '--out', '/nonexistent-dir/x.json'],
    'CliError',
    ["'/nonexistent-dir'", 'does not exist'],
  ],
  ['bench unknown section', () => ['bench', '--only', 'nope'], 'CliError', ["'nope'", 'classic']],
  ['view a missing file', (F) => ['view', F('nope.json'), '--no-open'], 'CliError', ['nope.json', 'no such file']],
  ['view a file that is not a recording', (F) => ['view', F('plain.json'), '--no-open'], 'InvalidFile', ['plain.json', 'not valid JSON']],
  [
    'config: JSON syntax error',
    (F) => ['eval', '--env', 'CartPole-v1', '--policy', 'pd', '--config', F('bad.json')],
    'CliError',
    ['bad.json', 'not valid JSON'],
  ],
  [
    'config: YAML syntax error',
    (F) => ['eval', '--env', 'CartPole-v1', '--policy', 'pd', '--config', F('bad.yaml')],
    'CliError',
    ['bad.yaml', 'not valid YAML'],
  ],
  [
    'config: array at top level',
    (F) => ['eval', '--env', 'CartPole-v1', '--policy', 'pd', '--config', F('array.json')],
    'CliError',
    ['array.json', 'must hold an object', 'an array'],
  ],
  [
    'config: scenario of the wrong shape',
    (F) => ['eval', '--env', 'FactoryLine-v0', '--policy', 'fifo', '--config', F('shape.json'), '--episodes', '1'],
    'InvalidConfig',
    ['factory scenario', 'stages', 'expected array'],
  ],
  [
    'config: YAML scenario with a negative buffer',
    (F) => ['eval', '--env', 'FactoryLine-v0', '--policy', 'fifo', '--config', F('negbuf.yaml'), '--episodes', '1'],
    'InvalidConfig',
    ['stages[0].buffer', '(got -3)'],
  ],
  ['unknown option', () => ['eval', '--env', 'CartPole-v1', '--policy', 'pd', '--bogus'], null, ["unknown option '--bogus'"]],
  ['unknown command', () => ['trian'], null, ["unknown command 'trian'"]],
];

const results = new Map<string, Run>();

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tsgym-badcli-'));
  const files: Record<string, string> = {
    'bad.json': '{"horizon": 10,',
    'bad.yaml': 'stages: [1, 2\nhorizon: 5\n',
    'array.json': '[1, 2]',
    'shape.json': '{"horizon": 100, "stages": "two", "release": {"kind": "conwip", "wipCap": 2}}',
    'negbuf.yaml': 'horizon: 100\nstages:\n  - name: s\n    buffer: -3\n    processing: 1\nrelease:\n  kind: conwip\n  wipCap: 2\n',
    'plain.json': 'hello',
  };
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  const F = (n: string): string => join(dir, n);
  // two at a time: the machine has 2 cores and other suites run too
  const queue = [...rows];
  const worker = async (): Promise<void> => {
    for (let r = queue.shift(); r; r = queue.shift()) results.set(r[0], await tsgym(r[1](F)));
  };
  await Promise.all([worker(), worker(), worker()]);
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bad CLI flags and config files', () => {
  it.each(rows)('%s', (label, _args, type, patterns) => {
    const r = results.get(label);
    expect(r, label).toBeDefined();
    if (!r) return;
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    if (type === null) {
      // commander's usage errors: the error line, maybe a "(Did you mean ...?)" and the "(add --help for usage)" hint
      expect(lines[0]).toMatch(/^error: /);
      expect(lines.length).toBeLessThanOrEqual(3);
    } else {
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^tsgym: ${type}: `));
      expect(r.code).toBe(2);
    }
    expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const p of patterns) {
      if (typeof p === 'string') expect(r.stderr).toContain(p);
      else expect(r.stderr).toMatch(p);
    }
  });
});
