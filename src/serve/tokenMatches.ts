import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks an `Authorization` header against the expected bearer token in constant time (both sides are
 * hashed to 32 bytes first, so neither the content nor the length leaks through timing).
 *
 * @example
 * ```ts
 * tokenMatches('Bearer abc', 'abc'); // true
 * tokenMatches(undefined, 'abc');    // false
 * ```
 */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  const got = createHash('sha256').update(m?.[1] ?? '').digest();
  const want = createHash('sha256').update(token).digest();
  return timingSafeEqual(got, want) && m !== null;
}
