import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, sep } from 'node:path';

/** A recording the view server serves, its real path pinned when the server started. */
export interface PinnedRecording {
  /** The path as given (for its name). */
  readonly path: string;
  /** Its real path at start: what is served, whatever `path` points to later. */
  readonly real: string;
  /** The real folder holding it: a symlink put in its place later may not lead out of it. */
  readonly root: string;
  readonly bytes: number;
}

/**
 * Resolves a recording's real path and folder once, at server start.
 *
 * @example
 * ```ts
 * const pinned = pinRecording('runs/grid.json.gz'); // { real: '/home/me/runs/grid.json.gz', root: '/home/me/runs', ... }
 * ```
 */
export function pinRecording(path: string): PinnedRecording {
  const real = realpathSync(path);
  const fd = openSync(real, 'r');
  try {
    return { path, real, root: dirname(real), bytes: fstatSync(fd).size };
  } finally {
    closeSync(fd);
  }
}

/** An open recording: its descriptor, size, and whether its bytes are gzip (by their magic number, not the name). */
export interface OpenRecording {
  readonly fd: number;
  readonly size: number;
  readonly gzip: boolean;
}

/**
 * Opens a pinned recording for serving, or returns why not. The pinned real path is opened without
 * following a final symlink; if the file was replaced by a symlink since start, the link is followed only
 * when it stays inside the recording's folder. Whether the bytes are gzip is read from the file itself
 * (`1f 8b`), so a `.json.gz` holding plain JSON, or a `.json` holding gzip, reaches the browser as JSON.
 *
 * @example
 * ```ts
 * const r = openRecording(pinned);
 * if (typeof r === 'string') console.log(r); // 'refused: ... leads out of ...'
 * ```
 */
export function openRecording(p: PinnedRecording): OpenRecording | string {
  try {
    if (realpathSync(p.root) !== p.root) return 'its folder was replaced by a symbolic link';
  } catch {
    return 'its folder is gone';
  }
  let fd: number;
  try {
    fd = openSync(p.real, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOOP') return 'no longer readable';
    let target: string;
    try {
      target = realpathSync(p.real);
    } catch {
      return 'replaced by a dangling symbolic link';
    }
    if (!target.startsWith(p.root + sep)) return 'replaced by a symbolic link that leads out of its folder';
    try {
      fd = openSync(target, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      return 'no longer readable';
    }
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    return 'no longer a file';
  }
  const magic = Buffer.alloc(2);
  const n = readSync(fd, magic, 0, 2, 0);
  return { fd, size: st.size, gzip: n === 2 && magic[0] === 0x1f && magic[1] === 0x8b };
}
