import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InvalidConfig } from '../../core/errors.js';

/** The lock file of a run directory. */
export const LOCK_FILE = '.lock';

interface LockInfo {
  pid: number;
  host: string;
  since: string;
  command: string;
}

function readLock(file: string): LockInfo | null {
  try {
    const l = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof l.pid === 'number' && typeof l.host === 'string' ? { since: '?', command: '?', ...l } as LockInfo : null;
  } catch {
    return null; // gone meanwhile, or not ours
  }
}

/** Whether process `pid` of this host is alive (EPERM: alive, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A held run lock; `release` removes it (only if it is still ours). */
export interface RunLock {
  release(): void;
}

/**
 * Locks a run directory against a second writer: `DIR/.lock` holds the holder's pid, host, start time and
 * command, and is created whole in one step (a complete temporary file hard-linked to the name, which fails
 * if it exists). A lock held by a live process is refused with InvalidConfig naming its pid; a lock of a
 * process that is gone (killed, crashed) on this host is taken over. The lock is released at exit.
 *
 * @example
 * ```ts
 * const lock = lockRunDir('runs/x', 'tsgym train');
 * try { ... } finally { lock.release(); }
 * ```
 */
export function lockRunDir(dir: string, command: string): RunLock {
  const file = join(dir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command };
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, `${JSON.stringify(mine)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmp, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw e;
      }
      const holder = readLock(file);
      if (holder !== null && (holder.host !== mine.host || alive(holder.pid))) {
        throw new InvalidConfig(
          `'${dir}' is in use by process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since}): ` +
            `wait for it to finish, or remove ${file} if that process is gone`,
        );
      }
      // a dead holder (or an unreadable lock left by a writer killed before it could link): take it over
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  const release = (): void => {
    process.off('exit', release);
    if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { release };
}
