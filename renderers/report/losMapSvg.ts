import type { TrafficScene } from '../format/types.js';
import { boundOf } from '../../envs/traffic/hcm/hcmLayout.js';

/** Fill colours of LOS A..F (green to red), as printed in the report's legend. */
export const LOS_COLOURS: Readonly<Record<string, string>> = { A: '#1a9850', B: '#91cf60', C: '#d9ef8b', D: '#fee08b', E: '#fc8d59', F: '#d73027' };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * The approach name of a lane that ends at a stop line (`J0.NB`, as `hcmLayout` names it): the nearest
 * junction to its end and its direction of travel there; null for other lanes.
 */
function approachOf(scene: TrafficScene, lane: TrafficScene['lanes'][number], los: Readonly<Record<string, string>>): string | null {
  const p = lane.points;
  if (!lane.stop || p.length < 4) return null;
  const [x1, y1] = [p[p.length - 2] ?? 0, p[p.length - 1] ?? 0];
  let best: { id: string; d: number } | null = null;
  for (const j of scene.junctions) {
    const d = Math.hypot(j.x - x1, j.y - y1);
    if (best === null || d < best.d) best = { id: j.id, d };
  }
  if (best === null) return null;
  const byRoad = `${best.id}.${lane.road}`;
  if (los[byRoad] !== undefined) return byRoad;
  return `${best.id}.${boundOf(p[0] ?? 0, p[1] ?? 0, x1, y1)}`;
}

/**
 * An SVG map of a traffic network with every approach coloured by its level of service (`los`:
 * approach name -> letter) and each junction's letter at its centre; other lanes grey.
 *
 * @example
 * ```ts
 * losMapSvg(recording.scene as TrafficScene, { 'J0_0.NB': 'C', J0_0: 'C' }, 'fixed-time');
 * ```
 */
export function losMapSvg(scene: TrafficScene, los: Readonly<Record<string, string>>, title: string, size = 420): string {
  const b = scene.bounds;
  const w = Math.max(1, b.maxX - b.minX);
  const h = Math.max(1, b.maxY - b.minY);
  const k = (size - 20) / Math.max(w, h);
  const X = (x: number): number => 10 + (x - b.minX) * k;
  const Y = (y: number): number => 10 + (b.maxY - y) * k;
  const H = Math.round(h * k + 20);
  const lanes = scene.lanes.map((lane) => {
    const a = approachOf(scene, lane, los);
    const letter = a === null ? undefined : los[a];
    const colour = letter === undefined ? '#b8bcc4' : (LOS_COLOURS[letter] ?? '#b8bcc4');
    const pts: string[] = [];
    for (let i = 0; i + 1 < lane.points.length; i += 2) pts.push(`${X(lane.points[i] ?? 0).toFixed(1)},${Y(lane.points[i + 1] ?? 0).toFixed(1)}`);
    const sw = Math.max(2, lane.width * k).toFixed(1);
    const tip = `${esc(a ?? lane.id)}${letter ? `: LOS ${letter}` : ''}`;
    return `<polyline points="${pts.join(' ')}" fill="none" stroke="${colour}" stroke-width="${sw}"><title>${tip}</title></polyline>`;
  });
  const nodes = scene.junctions
    .filter((j) => los[j.id] !== undefined)
    .map((j) => {
      const letter = los[j.id] ?? '';
      return `<circle cx="${X(j.x).toFixed(1)}" cy="${Y(j.y).toFixed(1)}" r="11" fill="${LOS_COLOURS[letter] ?? '#fff'}" stroke="#222"/>` +
        `<text x="${X(j.x).toFixed(1)}" y="${(Y(j.y) + 4).toFixed(1)}" text-anchor="middle" font-size="12" font-weight="bold">${esc(letter)}</text>`;
    });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${H}" viewBox="0 0 ${size} ${H}" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title><rect width="100%" height="100%" fill="#f7f7f5"/>${lanes.join('')}${nodes.join('')}</svg>`;
}
