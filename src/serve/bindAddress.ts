import { isIP } from 'node:net';
import { InvalidConfig } from '../core/errors.js';

/** Whether `host` names the loopback interface only (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h.startsWith('::ffff:')) return isIP(h.slice(7)) === 4 && h.slice(7).startsWith('127.');
  return false;
}

/**
 * Decides where the policy server listens: 127.0.0.1 unless a host is given; a host beyond loopback
 * (`0.0.0.0`, a LAN address, a name) only together with a token, which requests must then carry as
 * `Authorization: Bearer TOKEN`. Throws InvalidConfig otherwise, so the server never listens beyond
 * loopback without a token.
 *
 * @example
 * ```ts
 * bindAddress({});                               // { host: '127.0.0.1', token: undefined }
 * bindAddress({ host: '0.0.0.0', token: 's3cr3t-token-value' }); // { host: '0.0.0.0', token: 's3cr3t-token-value' }
 * bindAddress({ host: '0.0.0.0' });              // throws InvalidConfig
 * ```
 */
export function bindAddress(opts: { host?: string; token?: string }): { host: string; token: string | undefined } {
  const token = opts.token;
  if (token !== undefined && (token.length < 16 || /\s/.test(token))) {
    throw new InvalidConfig(`Invalid --token: expected at least 16 characters without spaces, got ${token.length} characters`);
  }
  const host = (opts.host ?? '127.0.0.1').trim().replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new InvalidConfig('Invalid --host: empty');
  if (!isLoopback(host) && token === undefined) {
    throw new InvalidConfig(
      `Refusing to listen on '${host}' without a token: beyond loopback the server needs --token (clients send "Authorization: Bearer TOKEN"); without ` +
        `--host it binds 127.0.0.1`,
    );
  }
  return { host, token };
}
