// Issue 18, item 3: small inputs that asked for unbounded memory are refused at once, with the limit in
// the error: a gzip bomb recording (the inflater stops at the cap), demand rates no lane can insert (from
// kwargs, SUMO routes and CityFlow flows alike), a replay buffer larger than the machine, and episode
// counts no run can hold.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { readRecording } from '../../renderers/io/readRecording.js';
import { InvalidConfig, InvalidFile, make, makeVec } from '../../src/index.js';
import { tsgym } from '../helpers/runCli.js';
import { ensureBuilt, ROOT } from '../helpers/ensureBuilt.js';
import { expectTyped, expectTypedAsync } from './expectTyped.js';

process.env.TSGYM_TF_BACKEND = 'cpu';
const { DQN } = await import('../../agents/dqn.js');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgym-bounded-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recordings are read under a size cap', () => {
  const MiB = 1024 * 1024;
  it('a gzip bomb is refused once its output passes the cap, naming file and cap', async () => {
    const bomb = join(dir, 'bomb.json.gz');
    writeFileSync(bomb, gzipSync(Buffer.alloc(8 * MiB, 0x20))); // 8 MiB of spaces in about 8 KB
    await expectTypedAsync(() => readRecording(bomb, MiB), InvalidFile, [bomb, 'decompresses to more than the 1 MiB']);
  });
  it('a gzip bomb of zeros is refused from its first kilobyte, before it is inflated (a recording starts with {)', async () => {
    const zeros = join(dir, 'zeros.json.gz');
    writeFileSync(zeros, gzipSync(Buffer.alloc(8 * MiB))); // with a 1 MiB cap, inflating it all would hit the cap
    await expectTypedAsync(() => readRecording(zeros, MiB), InvalidFile, [zeros, 'not valid JSON', 'starts with byte 0x00']);
  });
  it('a plain file larger than the cap is refused before it is read', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, Buffer.alloc(2 * MiB, 0x20));
    await expectTypedAsync(() => readRecording(big, MiB), InvalidFile, [big, 'has 2 MiB, more than the 1 MiB']);
  });
});

describe('demand no lane can insert is refused, naming the rate and the limit', () => {
  it('a flow from env kwargs (TrafficSignal-v0 scenario demand 1e9 veh/h)', () => {
    expectTyped(() => make('TrafficSignal-v0', { scenario: { demand: 1e9 } }), InvalidConfig, ['demand 1000000000 veh/h', 'exceeds the 36,000 veh/h']);
  });
  it('SUMO vehsPerHour="1e12" and CityFlow interval 1e-9 alike', () => {
    const sumo = join(dir, 'cross');
    cpSync(join(ROOT, 'test/fixtures/sumo/cross'), sumo, { recursive: true });
    const rou = join(sumo, 'cross.rou.xml');
    const fwe = 'id="fWE" type="car" route="WE" begin="0" end="3600"';
    writeFileSync(rou, readFileSync(rou, 'utf8').replace(`${fwe} vehsPerHour="400"`, `${fwe} vehsPerHour="1e12"`));
    const net = join(sumo, 'cross.net.xml');
    const sumoPatterns = [`${rou}: Flow 'fWE'`, 'demand 1000000000000 veh/h', '36,000 veh/h'];
    expectTyped(() => make('TrafficNetwork-v0', { network: net, routes: rou }), InvalidFile, sumoPatterns);
    const cf = join(dir, 'jinan');
    cpSync(join(ROOT, 'test/fixtures/cityflow/jinan1x1'), cf, { recursive: true });
    const flows = JSON.parse(readFileSync(join(cf, 'flow.json'), 'utf8')) as { interval: number }[];
    if (flows[0]) flows[0].interval = 1e-9;
    writeFileSync(join(cf, 'flow.json'), JSON.stringify(flows));
    expectTyped(() => make('TrafficNetwork-v0', { network: cf }), InvalidFile, [join(cf, 'flow.json'), 'demand 3600000000000 veh/h', '36,000 veh/h']);
  });
});

describe('a replay buffer larger than the machine is refused with its size', () => {
  it('bufferSize 1e12 on CartPole', async () => {
    const vec = makeVec('CartPole-v1', 1, { mode: 'sync' });
    await expectTypedAsync(() => DQN.create(vec, { bufferSize: 1e12 }), InvalidConfig, ['bufferSize 1000000000000', 'GiB', "half of this machine's memory"]);
    await vec.close();
  });
});

describe('episode counts are bounded', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  it('tsgym eval --episodes 9999999999999 is a one-line usage error', async () => {
    const r = await tsgym('eval', '--env', 'CartPole-v1', '--policy', 'random', '--episodes', '9999999999999');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("tsgym: CliError: Invalid --episodes '9999999999999': expected an integer from 1 to 1,000,000 (results are kept in memory)");
  });
});

describe('run directories that cannot be one are refused in one line (issue 18, item 10)', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  it('--out naming a file, a path under a file, and a path under /proc (used to spin at 100 % CPU)', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const train = (out: string): ReturnType<typeof tsgym> => tsgym('train', '--env', 'CartPole-v1', '--algo', 'dqn', '--steps', '10', '--out', out);
    const cases: [string, string][] = [
      [file, `tsgym: InvalidConfig: Invalid --out '${file}': it is a file, expected a directory`],
      [join(file, 'run'), `tsgym: InvalidConfig: Invalid --out '${join(file, 'run')}': cannot create a run directory there (ENOTDIR`],
    ];
    const proc = "tsgym: InvalidConfig: Invalid --out '/proc/tsgym-run': cannot create a run directory there (ENOENT";
    if (process.platform === 'linux') cases.push(['/proc/tsgym-run', proc]);
    for (const [out, line] of cases) {
      const r = await train(out);
      expect(r.code, out).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim().startsWith(line), r.stderr).toBe(true);
    }
  }, 120_000);
});

describe('compare output paths are checked before any episode runs (issue 18, item 10)', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  it('--chart under a file and --csv naming a folder are one-line usage errors', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const compare = (...extra: string[]): ReturnType<typeof tsgym> =>
      tsgym('compare', '--env', 'CartPole-v1', '--policies', 'random,pd', '--episodes', '2', ...extra);
    const a = await compare('--chart', join(file, 'a.svg'));
    expect(a.code).toBe(2);
    expect(a.stderr.trim()).toBe(`tsgym: CliError: Invalid --chart '${join(file, 'a.svg')}': '${file}' is a file, not a directory`);
    const b = await compare('--csv', dir);
    expect(b.code).toBe(2);
    expect(b.stderr.trim()).toBe(`tsgym: CliError: Invalid --csv '${dir}': it is a directory, expected a file`);
  }, 120_000);
});
