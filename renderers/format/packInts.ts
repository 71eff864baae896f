/**
 * Packed integer columns: each value is zigzag-encoded (0, -1, 1, -2, ... -> 0, 1, 2, 3, ...) and
 * written as a little-endian varint in base64url characters, 5 value bits per character, the sixth
 * bit (32) set on every character but a value's last. Small numbers take one or two characters and
 * the text needs no JSON escaping; JSON.parse reads a whole column as one string.
 * @packageDocumentation
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CODE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) CODE[ALPHABET.charCodeAt(i)] = i;

/**
 * Packs integers (|v| < 2^31) into a string.
 *
 * @example
 * ```ts
 * packInts([0, -1, 1, 300]); // 'ABC4S'
 * ```
 */
export function packInts(values: ArrayLike<number>, n = values.length): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const v = Math.round(values[i] ?? 0);
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    while (z >= 32) {
      s += ALPHABET[(z % 32) | 32];
      z = Math.floor(z / 32);
    }
    s += ALPHABET[z];
  }
  return s;
}

/**
 * Unpacks into `out` and returns the number of values, or -1 when the text is malformed (a bad
 * character, an unfinished value, or more values than `out` holds).
 *
 * @example
 * ```ts
 * const out = new Int32Array(4); unpackInts('ABC4S', out); // 4, out = [0, -1, 1, 300]
 * ```
 */
export function unpackInts(s: string, out: Int32Array | Float64Array): number {
  let n = 0;
  let z = 0;
  let mul = 1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const d = c < 128 ? (CODE[c] ?? -1) : -1;
    if (d < 0) return -1;
    z += (d & 31) * mul;
    if (d & 32) {
      mul *= 32;
      if (mul > 2 ** 35) return -1;
      continue;
    }
    if (n >= out.length) return -1;
    out[n++] = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    z = 0;
    mul = 1;
  }
  return mul === 1 ? n : -1;
}

/**
 * Number of values in a packed string (characters that end a value), or -1 on a bad character or an
 * unfinished last value. Cheaper than unpacking: used to validate column lengths.
 *
 * @example
 * ```ts
 * countPacked('ABC4S'); // 4
 * ```
 */
export function countPacked(s: string): number {
  let n = 0;
  let open = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const d = c < 128 ? (CODE[c] ?? -1) : -1;
    if (d < 0) return -1;
    open = (d & 32) !== 0;
    if (!open) n++;
  }
  return open ? -1 : n;
}
