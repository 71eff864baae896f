import { InvalidFile } from '../../../src/core/errors.js';

/**
 * A job-shop instance: `nJobs` jobs, each visiting every one of `nMachines` machines once in its own
 * order. Operation k of job j runs on `machine[j * nMachines + k]` for `time[j * nMachines + k]`.
 *
 * @example
 * ```ts
 * const inst = parseJobShop('2 2\n0 3 1 2\n1 4 0 1\n', 'tiny');
 * inst.time[0]; // 3
 * ```
 */
export interface JobShopInstance {
  readonly name: string;
  readonly nJobs: number;
  readonly nMachines: number;
  readonly machine: Int32Array;
  readonly time: Int32Array;
}

const ints = (line: string): number[] | null => {
  const t = line.trim();
  if (t === '' || !/^[-+\d\s]+$/.test(t)) return null;
  return t.split(/\s+/).map(Number);
};

function build(name: string, n: number, m: number, machine: number[], time: number[], where: string): JobShopInstance {
  if (!(Number.isInteger(n) && n > 0 && Number.isInteger(m) && m > 0)) {
    throw new InvalidFile(`${where}: jobs and machines must be positive integers, got ${n} x ${m}`);
  }
  for (let j = 0; j < n; j++) {
    const seen = new Set<number>();
    for (let k = 0; k < m; k++) {
      const mc = machine[j * m + k];
      const t = time[j * m + k];
      if (!Number.isInteger(mc) || mc < 0 || mc >= m) throw new InvalidFile(`${where}: job ${j} operation ${k} has machine ${mc}, expected 0..${m - 1}`);
      if (!Number.isInteger(t) || t < 0) throw new InvalidFile(`${where}: job ${j} operation ${k} has processing time ${t}, expected a non-negative integer`);
      if (seen.has(mc)) throw new InvalidFile(`${where}: job ${j} visits machine ${mc} twice`);
      seen.add(mc);
    }
  }
  return { name, nJobs: n, nMachines: m, machine: Int32Array.from(machine), time: Int32Array.from(time) };
}

/** Taillard's format: a header line, the 6 numbers, `Times` rows, `Machines` rows (machines 1-based). */
function parseTaillard(lines: string[], name: string, where: string): JobShopInstance {
  let i = 0;
  while (i < lines.length && !/nb of jobs/i.test(lines[i] ?? '')) i++;
  const head = ints(lines[i + 1] ?? '');
  if (!head || head.length < 2) throw new InvalidFile(`${where}: expected 'n m ...' after the 'Nb of jobs' header (line ${i + 2})`);
  const [n, m] = head as [number, number];
  let t = i + 2;
  while (t < lines.length && !/^\s*times\s*$/i.test(lines[t] ?? '')) t++;
  let mm = t + 1;
  while (mm < lines.length && !/^\s*machines\s*$/i.test(lines[mm] ?? '')) mm++;
  if (t >= lines.length || mm >= lines.length) throw new InvalidFile(`${where}: Taillard format needs 'Times' and 'Machines' sections`);
  const time: number[] = [];
  const machine: number[] = [];
  for (let j = 0; j < n; j++) {
    const tr = ints(lines[t + 1 + j] ?? '');
    const mr = ints(lines[mm + 1 + j] ?? '');
    if (!tr || tr.length !== m) throw new InvalidFile(`${where}: line ${t + 2 + j}: expected ${m} processing times for job ${j}`);
    if (!mr || mr.length !== m) throw new InvalidFile(`${where}: line ${mm + 2 + j}: expected ${m} machines for job ${j}`);
    time.push(...tr);
    machine.push(...mr.map((x) => x - 1));
  }
  return build(name, n, m, machine, time, where);
}

/** OR-Library format: optional text, a line `n m`, then n lines of m (machine, time) pairs (machines 0-based). */
function parseOrLib(lines: string[], name: string, where: string, wanted: string | undefined): JobShopInstance {
  let start = 0;
  let found = name;
  if (wanted !== undefined) {
    const at = lines.findIndex((l) => new RegExp(`^\\s*instance\\s+${wanted.replace(/[^\w-]/g, '')}\\s*$`, 'i').test(l));
    if (at < 0) throw new InvalidFile(`${where}: no 'instance ${wanted}' in the file`);
    start = at + 1;
    found = wanted;
  } else {
    const at = lines.findIndex((l) => /^\s*instance\s+\S+\s*$/i.test(l));
    if (at >= 0) found = (lines[at] ?? '').trim().split(/\s+/)[1] ?? name;
  }
  for (let i = start; i < lines.length; i++) {
    const head = ints(lines[i] ?? '');
    if (!head || head.length !== 2) continue;
    const [n, m] = head as [number, number];
    const machine: number[] = [];
    const time: number[] = [];
    for (let j = 0; j < n; j++) {
      const row = ints(lines[i + 1 + j] ?? '');
      if (!row || row.length !== 2 * m) {
        throw new InvalidFile(
          `${where}: line ${i + 2 + j}: expected ${2 * m} numbers (machine, time pairs) for job ${j}, ` +
            `got ${row ? row.length : `'${(lines[i + 1 + j] ?? '').trim().slice(0, 40)}'`}`,
        );
      }
      for (let k = 0; k < m; k++) {
        machine.push(row[2 * k]);
        time.push(row[2 * k + 1]);
      }
    }
    return build(found, n, m, machine, time, where);
  }
  throw new InvalidFile(
    `${where}: no 'jobs machines' header line found (OR-Library format: 'n m' then n rows of machine/time pairs; or Taillard's 'Nb of jobs...' format)`,
  );
}

/**
 * Parses an instance in OR-Library (`jobshop1.txt`, machine/time pairs, machines from 0) or Taillard
 * (`Nb of jobs, ...` header, `Times` and `Machines` matrices, machines from 1) format. In a file holding
 * several OR-Library instances, `instance` picks one by its `instance NAME` line (default: the first).
 * Malformed text throws `InvalidFile` naming the line.
 *
 * @example
 * ```ts
 * const ft06 = parseJobShop(text, 'ft06');
 * ```
 */
export function parseJobShop(text: string, name: string, instance?: string, where = name): JobShopInstance {
  const lines = text.split(/\r?\n/);
  if (lines.some((l) => /nb of jobs/i.test(l))) return parseTaillard(lines, name, where);
  return parseOrLib(lines, name, where, instance);
}

/**
 * The trivial makespan lower bound: the longest job and the most loaded machine.
 *
 * @example
 * ```ts
 * makespanLowerBound(ft06); // 43 (the optimum is 55)
 * ```
 */
export function makespanLowerBound(inst: JobShopInstance): number {
  const load = new Float64Array(inst.nMachines);
  let lb = 0;
  for (let j = 0; j < inst.nJobs; j++) {
    let len = 0;
    for (let k = 0; k < inst.nMachines; k++) {
      const i = j * inst.nMachines + k;
      len += inst.time[i];
      const mc = inst.machine[i];
      load[mc] = load[mc] + inst.time[i];
    }
    if (len > lb) lb = len;
  }
  for (const l of load) if (l > lb) lb = l;
  return lb;
}
