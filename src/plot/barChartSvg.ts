import { PALETTE, esc, niceTicks, tickLabel } from './svg.js';

/** One bar: a mean and an optional confidence interval. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
}

/**
 * A bar chart with confidence-interval whiskers, as a standalone SVG document.
 *
 * @example
 * ```ts
 * writeFileSync('delay.svg', barChartSvg('Mean delay (s), 95 % CI', [{ label: 'fixed-time', value: 31, low: 29, high: 33 }]));
 * ```
 */
export function barChartSvg(title: string, bars: readonly Bar[], opts: { width?: number; height?: number; yLabel?: string } = {}): string {
  const width = opts.width ?? Math.max(360, 120 + bars.length * 90);
  const height = opts.height ?? 320;
  const m = { top: 36, right: 16, bottom: 56, left: 64 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const vals = bars.flatMap((b) => [b.value, b.low ?? b.value, b.high ?? b.value]).filter(Number.isFinite);
  const ticks = niceTicks(Math.min(0, ...vals), Math.max(0, ...vals));
  const y0 = ticks[0] ?? 0;
  const y1 = ticks[ticks.length - 1] ?? 1;
  const y = (v: number) => m.top + h - ((v - y0) / (y1 - y0 || 1)) * h;
  const slot = w / Math.max(1, bars.length);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);
  for (const t of ticks) {
    parts.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${m.left - 6}" y="${y(t) + 4}" text-anchor="end">${tickLabel(t)}</text>`);
  }
  if (opts.yLabel) parts.push(`<text transform="translate(14 ${m.top + h / 2}) rotate(-90)" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  bars.forEach((b, i) => {
    const x = m.left + i * slot + slot * 0.2;
    const bw = slot * 0.6;
    const top = y(Math.max(0, b.value));
    const bottom = y(Math.min(0, b.value));
    parts.push(
      `<rect class="bar" x="${x}" y="${top}" width="${bw}" height="${Math.max(0, bottom - top)}" fill="${PALETTE[i % PALETTE.length]}"><title>` +
        `${esc(b.label)}: ${b.value}</title></rect>`,
    );
    if (b.low !== undefined && b.high !== undefined && Number.isFinite(b.low) && Number.isFinite(b.high)) {
      const cx = x + bw / 2;
      parts.push(
        `<path class="ci" d="M${cx} ${y(b.low)}V${y(b.high)}M${cx - 8} ${y(b.low)}H${cx + 8}M${cx - 8} ${y(b.high)}H${cx + 8}" stroke="#333" ` +
          `stroke-width="1.5" fill="none"/>`,
      );
    }
    parts.push(`<text x="${x + bw / 2}" y="${m.top + h + 18}" text-anchor="middle">${esc(b.label)}</text>`);
    parts.push(`<text x="${x + bw / 2}" y="${m.top + h + 34}" text-anchor="middle" fill="#555">${tickLabel(b.value)}</text>`);
  });
  parts.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${y(0)}" y2="${y(0)}" stroke="#333"/>`);
  parts.push('</svg>');
  return parts.join('\n');
}
