/**
 * One line of an `ansi` render: a track `|----...----|` of `width` columns with `mark` at column `col`
 * (clamped to the track).
 *
 * @example
 * ```ts
 * asciiTrack(9, 4, 'O'); // "|---O---|"
 * ```
 */
export function asciiTrack(width: number, col: number, mark: string, extra: Readonly<Record<number, string>> = {}): string {
  const chars: string[] = [];
  for (let i = 0; i < width; i++) chars.push(i === 0 || i === width - 1 ? '|' : '-');
  for (const [k, v] of Object.entries(extra)) {
    const i = Number(k);
    if (i >= 0 && i < width) chars[i] = v;
  }
  const c = Math.min(Math.max(col, 0), width - 1);
  chars[c] = mark;
  return chars.join('');
}
