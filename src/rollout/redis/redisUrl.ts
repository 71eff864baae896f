import { isIP } from 'node:net';
import { InvalidConfig } from '../../core/errors.js';

/** Connection settings of a Redis URL, as ioredis and BullMQ take them. */
export interface RedisConnection {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** Present for `rediss://` (TLS, verifying the server's certificate against the system CAs and NODE_EXTRA_CA_CERTS); SNI for a host name. */
  readonly tls?: { servername?: string };
  /** BullMQ needs blocking commands to wait for ever, not fail after N retries. */
  readonly maxRetriesPerRequest: null;
}

/** The URL with its password replaced by `***` (for messages and logs). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

/**
 * Parses `redis://[user[:password]@]host[:port][/db]` or `rediss://...` (TLS) into connection settings;
 * throws InvalidConfig (the password redacted) for anything else. Query options are refused: the URL
 * carries only where Redis is and who we are.
 *
 * @example
 * ```ts
 * redisConnection('rediss://worker:s3cret@redis.lab:6380/2'); // { host: 'redis.lab', port: 6380, db: 2, username: 'worker', password: 's3cret', tls: {...} }
 * ```
 */
export function redisConnection(url: string): RedisConnection {
  const bad = (why: string): InvalidConfig =>
    new InvalidConfig(`Invalid Redis URL '${redactUrl(url)}': ${why}; expected redis://[user[:password]@]host[:port][/db] or rediss://... (TLS)`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('not a URL');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw bad(`the scheme is '${u.protocol}'`);
  if (u.hostname === '') throw bad('no host');
  if (u.search !== '' || u.hash !== '') throw bad('query options and fragments are not accepted');
  const path = u.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) throw bad(`the database '${path}' is not a number`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const username = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  return {
    host,
    port: u.port === '' ? 6379 : Number(u.port),
    db: path === '' ? 0 : Number(path),
    ...(username !== '' ? { username } : {}),
    ...(password !== '' ? { password } : {}),
    // SNI takes host names only; an IP address is still checked against the certificate's IP entries
    ...(u.protocol === 'rediss:' ? { tls: isIP(host) === 0 ? { servername: host } : {} } : {}),
    maxRetriesPerRequest: null,
  };
}
