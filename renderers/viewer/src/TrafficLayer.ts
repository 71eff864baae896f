import { Container, Graphics, Sprite, Texture } from 'pixi.js';
import { decodeIds } from '../../format/deltaIds.js';
import type { TrafficScene } from '../../format/types.js';
import type { Episode } from './Episode.js';
import type { SceneLayer } from './SceneLayer.js';
import { SIGNAL_COLOURS, speedColour, waitColour } from './colours.js';
import { Track, TrackSampler } from './Track.js';

const DEG = Math.PI / 180;

function dashed(g: Graphics, x0: number, y0: number, x1: number, y1: number, dash: number, gap: number): void {
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (len === 0) return;
  const ux = (x1 - x0) / len;
  const uy = (y1 - y0) / len;
  for (let s = 0; s < len; s += dash + gap) {
    const e = Math.min(s + dash, len);
    g.moveTo(x0 + ux * s, y0 + uy * s).lineTo(x0 + ux * e, y0 + uy * e);
  }
}

/** Roads with lane markings and stop lines, signal heads by state, vehicles as oriented rectangles. */
export class TrafficLayer implements SceneLayer {
  readonly root = new Container();
  readonly world: { x: number; y: number; width: number; height: number };
  colourBy: 'speed' | 'wait' = 'speed';
  private readonly vehicles = new Container();
  private readonly pool: Sprite[] = [];
  private readonly heads: Sprite[] = [];
  private readonly sampler: TrackSampler;
  private visible = 0;
  private last: Track;
  private lastFrame = 0;
  private idBuf: Int32Array;

  constructor(private readonly ep: Episode, circle: Texture) {
    const scene = ep.rec.scene as TrafficScene;
    const b = scene.bounds;
    this.world = { x: b.minX, y: -b.maxY, width: b.maxX - b.minX, height: b.maxY - b.minY };
    this.root.addChild(this.roads(scene));
    for (const s of scene.signals) {
      const h = new Sprite(circle);
      h.anchor.set(0.5);
      h.setSize(1.6, 1.6);
      h.position.set(s.x, -s.y);
      this.heads.push(h);
      this.root.addChild(h);
    }
    this.root.addChild(this.vehicles);
    this.idBuf = new Int32Array(Math.max(1, ep.maxThings));
    this.sampler = new TrackSampler((i, out) => this.decode(i, out), ep.maxThings);
    this.last = this.sampler.out;
    this.grow(ep.maxThings);
  }

  private roads(scene: TrafficScene): Graphics {
    const g = new Graphics();
    for (const j of scene.junctions) {
      if (j.points && j.points.length >= 6) g.poly(j.points.map((v, k) => (k % 2 ? -v : v))).fill(0x3a3d42);
      else {
        const s = j.size ?? 12;
        g.rect(j.x - s / 2, -j.y - s / 2, s, s).fill(0x3a3d42);
      }
    }
    for (const l of scene.lanes) {
      const p = l.points;
      g.moveTo(p[0] ?? 0, -(p[1] ?? 0));
      for (let k = 2; k < p.length; k += 2) g.lineTo(p[k] ?? 0, -(p[k + 1] ?? 0));
      g.stroke({ width: l.width, color: 0x3a3d42, cap: 'butt', join: 'round' });
    }
    // Markings: dashed white between lanes of one road, solid yellow on the road's left edge,
    // solid white on its right edge, a white stop line across each signalised lane end.
    for (const l of scene.lanes) {
      const p = l.points;
      const half = l.width / 2;
      for (let k = 0; k + 3 < p.length; k += 2) {
        const x0 = p[k] ?? 0, y0 = -(p[k + 1] ?? 0), x1 = p[k + 2] ?? 0, y1 = -(p[k + 3] ?? 0);
        const len = Math.hypot(x1 - x0, y1 - y0) || 1;
        // Right-hand normal on screen (y down) of direction (dx, dy) is (-dy, dx).
        const nx = -(y1 - y0) / len;
        const ny = (x1 - x0) / len;
        if (l.index < l.count - 1) dashed(g, x0 - nx * half, y0 - ny * half, x1 - nx * half, y1 - ny * half, 3, 6);
        g.stroke({ width: 0.15, color: 0xeeeeee });
        if (l.index === l.count - 1) g.moveTo(x0 - nx * half, y0 - ny * half).lineTo(x1 - nx * half, y1 - ny * half).stroke({ width: 0.2, color: 0xd4b84a });
        if (l.index === 0) g.moveTo(x0 + nx * half, y0 + ny * half).lineTo(x1 + nx * half, y1 + ny * half).stroke({ width: 0.2, color: 0xcccccc });
        if (l.stop && k + 4 >= p.length) {
          const ux = (x1 - x0) / len, uy = (y1 - y0) / len;
          const sx = x1 - ux * 0.3, sy = y1 - uy * 0.3;
          g.moveTo(sx - nx * half, sy - ny * half).lineTo(sx + nx * half, sy + ny * half).stroke({ width: 0.5, color: 0xffffff });
        }
      }
    }
    return g;
  }

  private grow(n: number): void {
    const scene = this.ep.rec.scene as TrafficScene;
    while (this.pool.length < n) {
      const s = new Sprite(Texture.WHITE);
      s.anchor.set(0.5);
      s.setSize(scene.vehicleLength, scene.vehicleWidth);
      s.visible = false;
      this.pool.push(s);
      this.vehicles.addChild(s);
    }
  }

  private decode(i: number, out: Track): void {
    const v = this.ep.frames[i]?.vehicles;
    if (!v) return void (out.n = 0);
    if (this.idBuf.length < v.id.length) this.idBuf = new Int32Array(v.id.length);
    const n = decodeIds(v.id, this.idBuf);
    for (let k = 0; k < n; k++) {
      out.id[k] = this.idBuf[k] ?? 0;
      out.x[k] = (v.x[k] ?? 0) / 10;
      out.y[k] = -(v.y[k] ?? 0) / 10;
      out.rot[k] = -(v.h[k] ?? 0) * DEG;
      out.a[k] = (v.v[k] ?? 0) / 10;
      out.b[k] = (v.w[k] ?? 0) / 10;
    }
    out.n = n;
  }

  draw(i: number, j: number, alpha: number): void {
    if (this.ep.maxThings > this.pool.length) {
      this.grow(this.ep.maxThings);
      this.sampler.resize(this.ep.maxThings);
    }
    const tr = this.sampler.sample(i, j, alpha);
    this.last = tr;
    this.lastFrame = i;
    const byWait = this.colourBy === 'wait';
    for (let k = 0; k < tr.n; k++) {
      const s = this.pool[k];
      if (!s) break;
      s.visible = true;
      s.position.set(tr.x[k] ?? 0, tr.y[k] ?? 0);
      s.rotation = tr.rot[k] ?? 0;
      s.tint = byWait ? waitColour(tr.b[k] ?? 0) : speedColour(tr.a[k] ?? 0);
    }
    for (let k = tr.n; k < this.visible; k++) {
      const s = this.pool[k];
      if (s) s.visible = false;
    }
    this.visible = tr.n;
    const sig = this.ep.frames[i]?.signals ?? '';
    for (let k = 0; k < this.heads.length; k++) {
      const h = this.heads[k];
      if (h) h.tint = SIGNAL_COLOURS[sig[k] ?? 'o'] ?? 0x555555;
    }
  }

  drawn(): number {
    let n = 0;
    for (let k = 0; k < this.visible; k++) if (this.pool[k]?.visible) n++;
    return n;
  }

  inspect(x: number, y: number): string | null {
    const tr = this.last;
    let best = -1;
    let bestD = 25; // within 5 m
    for (let k = 0; k < tr.n; k++) {
      const d = ((tr.x[k] ?? 0) - x) ** 2 + ((tr.y[k] ?? 0) - y) ** 2;
      if (d < bestD) { bestD = d; best = k; }
    }
    const scene = this.ep.rec.scene as TrafficScene;
    if (best >= 0) {
      const deg = Math.round((-(tr.rot[best] ?? 0) / DEG + 360) % 360);
      return [`vehicle ${tr.id[best]}`, `position  ${(tr.x[best] ?? 0).toFixed(1)}, ${(-(tr.y[best] ?? 0)).toFixed(1)} m`, `heading   ${deg} deg`, `speed     ${(tr.a[best] ?? 0).toFixed(1)} m/s (${((tr.a[best] ?? 0) * 3.6).toFixed(0)} km/h)`, `waiting   ${(tr.b[best] ?? 0).toFixed(1)} s`].join('\n');
    }
    const sig = this.ep.frames[this.lastFrame]?.signals ?? '';
    for (let k = 0; k < scene.signals.length; k++) {
      const s = scene.signals[k];
      if (s && (s.x - x) ** 2 + (-s.y - y) ** 2 < 4) {
        return [`signal ${s.id}`, `junction  ${s.junction}`, `lane      ${scene.lanes[s.lane]?.id ?? '?'}`, `state     ${({ r: 'red', y: 'amber', g: 'green', o: 'off' } as Record<string, string>)[sig[k] ?? 'o']}`].join('\n');
      }
    }
    return null;
  }
}
