import type { Redis } from 'ioredis';
import { InvalidConfig } from '../../core/errors.js';

/** TLS certificate failures: retrying will not help. */
const CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The InvalidConfig for a connection error that retrying cannot mend (refused certificate, bad credentials), else undefined. */
export function fatalConnectionError(e: Error, url: string): InvalidConfig | undefined {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && CERT_CODES.has(code)) {
    return new InvalidConfig(`Redis at ${url}: its TLS certificate is refused (${code}: ${e.message}); give the CA with NODE_EXTRA_CA_CERTS=ca.pem`);
  }
  if (/WRONGPASS|NOAUTH|NOPERM|invalid password/i.test(e.message)) {
    return new InvalidConfig(`Redis at ${url}: ${e.message.split('\n')[0] ?? e.message} (check the user and password in the URL)`);
  }
  return undefined;
}

/**
 * Resolves when `redis` is connected and authenticated; rejects with InvalidConfig at the first error that
 * retrying cannot mend (a refused TLS certificate, a wrong password). Other errors (Redis down) are waited out.
 *
 * @example
 * ```ts
 * await connected(redis, 'rediss://lab:***@redis.lab:6380');
 * ```
 */
export function connected(redis: Redis, url: string): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      redis.off('ready', onReady);
      redis.off('error', onError);
    };
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const onError = (e: Error): void => {
      const fatal = fatalConnectionError(e, url);
      if (fatal === undefined) return;
      cleanup();
      redis.disconnect();
      reject(fatal);
    };
    redis.on('ready', onReady);
    redis.on('error', onError);
  });
}
