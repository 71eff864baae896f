import { PALETTE, esc, niceTicks, tickLabel } from './svg.js';

/** A named series of (x, y) points. */
export interface Series {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** A band drawn around the line (e.g. a confidence interval across seeds): its lower and upper edge at each x. */
  readonly low?: ArrayLike<number>;
  readonly high?: ArrayLike<number>;
}

/** The finite (x, y) points of a series' line, or of one edge of its band. */
function finitePoints(x: ArrayLike<number>, y: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < x.length; i++) {
    const xv = x[i] ?? NaN;
    const yv = y[i] ?? NaN;
    if (Number.isFinite(xv) && Number.isFinite(yv)) out.push([xv, yv]);
  }
  return out;
}

/** Width reserved per legend character (12 px sans-serif: most glyphs are narrower). */
export const LEGEND_CHAR_PX = 7.2;

/**
 * A line chart (e.g. a learning curve: episode return against env steps) as a standalone SVG document; a
 * series with `low` and `high` is drawn over a shaded band between them.
 *
 * @example
 * ```ts
 * writeFileSync('curve.svg', lineChartSvg('CartPole-v1 DQN', [{ name: 'return', x: steps, y: returns }], { xLabel: 'env steps' }));
 * ```
 */
export function lineChartSvg(
  title: string,
  series: readonly Series[],
  opts: { width?: number; height?: number; xLabel?: string; yLabel?: string } = {},
): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 360;
  // the legend sits right of the plot: room for the longest name (about 7 px per character at 12 px)
  const longest = Math.max(0, ...series.map((s) => s.name.length));
  const m = { top: 36, right: Math.max(120, 16 + Math.ceil(LEGEND_CHAR_PX * longest)), bottom: 48, left: 64 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) {
    for (const y of [s.y, s.low ?? [], s.high ?? []]) {
      for (const [xv, yv] of finitePoints(s.x, y)) {
        xs.push(xv);
        ys.push(yv);
      }
    }
  }
  const xt = niceTicks(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1);
  const yt = niceTicks(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1);
  const [x0, x1] = [xt[0] ?? 0, xt[xt.length - 1] ?? 1];
  const [y0, y1] = [yt[0] ?? 0, yt[yt.length - 1] ?? 1];
  const px = (v: number) => m.left + ((v - x0) / (x1 - x0 || 1)) * w;
  const py = (v: number) => m.top + h - ((v - y0) / (y1 - y0 || 1)) * h;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${m.left + w / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);
  for (const t of yt)
    parts.push(
      `<line x1="${m.left}" x2="${m.left + w}" y1="${py(t)}" y2="${py(t)}" stroke="#e5e5e5"/><text ` +
        `x="${m.left - 6}" y="${py(t) + 4}" text-anchor="end">${tickLabel(t)}</text>`,
    );
  for (const t of xt) parts.push(`<text x="${px(t)}" y="${m.top + h + 16}" text-anchor="middle">${tickLabel(t)}</text>`);
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${w}" height="${h}" fill="none" stroke="#333"/>`);
  if (opts.xLabel) parts.push(`<text x="${m.left + w / 2}" y="${height - 8}" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  if (opts.yLabel) parts.push(`<text transform="translate(14 ${m.top + h / 2}) rotate(-90)" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  const xy = ([xv, yv]: [number, number]): string => `${px(xv).toFixed(1)},${py(yv).toFixed(1)}`;
  series.forEach((s, k) => {
    const pts = finitePoints(s.x, s.y).map(xy);
    const color = PALETTE[k % PALETTE.length] ?? '#000';
    if (s.low !== undefined && s.high !== undefined) {
      const band = [...finitePoints(s.x, s.high).map(xy), ...finitePoints(s.x, s.low).map(xy).reverse()];
      parts.push(`<polygon class="band" points="${band.join(' ')}" fill="${color}" fill-opacity="0.2" stroke="none"/>`);
    }
    parts.push(`<polyline class="series" points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    parts.push(`<text x="${m.left + w + 8}" y="${m.top + 14 + 16 * k}" fill="${color}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
