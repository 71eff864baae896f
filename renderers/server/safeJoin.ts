import { isAbsolute, resolve, sep } from 'node:path';

/**
 * Maps a URL path onto a file inside `root`, or returns `null` when the path could leave it: `..`
 * segments (also percent-encoded), backslashes, NUL bytes, drive letters and absolute paths are refused.
 *
 * @example
 * ```ts
 * safeJoin('/srv/viewer', '/assets/app.js'); // '/srv/viewer/assets/app.js'
 * safeJoin('/srv/viewer', '/../etc/passwd'); // null
 * ```
 */
export function safeJoin(root: string, urlPath: string): string | null {
  let p: string;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (p.includes('\0') || p.includes('\\') || /^\/*[a-zA-Z]:/.test(p) || p.startsWith('//')) return null;
  const rel = p.replace(/^\/+/, '');
  if (rel.split('/').some((seg) => seg === '..')) return null;
  if (isAbsolute(rel)) return null;
  const base = resolve(root);
  const full = resolve(base, rel);
  return full === base || full.startsWith(base + sep) ? full : null;
}
