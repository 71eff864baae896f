import { Container, Graphics, Particle, ParticleContainer, Sprite, Text, Texture } from 'pixi.js';
import { checkVehicles } from '../../format/parseRecording.js';
import { unpackInts } from '../../format/packInts.js';
import type { TrafficScene } from '../../format/types.js';
import type { Episode } from './Episode.js';
import type { SceneLayer } from './SceneLayer.js';
import { approachesOf } from './approaches.js';
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

/** Vehicles are drawn at least this long on screen (px), whatever the zoom. */
const MIN_VEHICLE_PX = 9;
/** Signal heads are drawn at least this wide on screen (px). */
const MIN_HEAD_PX = 8;
/** Approach labels are drawn this tall on screen (px), whatever the zoom. */
const LABEL_PX = 15;
/** Font size the label glyphs are rasterised at (px). */
const LABEL_FONT = 40;
/** Metres of approach shown around the signals when the view opens. */
const FOCUS_MARGIN = 90;

/** The signals' bounding box with FOCUS_MARGIN of approach around it (y down), inside `world`; `world` without signals. */
type Rect = { x: number; y: number; width: number; height: number };
function signalFocus(scene: TrafficScene, world: Rect): Rect {
  if (scene.signals.length === 0) return world;
  const xs = scene.signals.map((s) => s.x);
  const ys = scene.signals.map((s) => -s.y);
  const x0 = Math.max(world.x, Math.min(...xs) - FOCUS_MARGIN);
  const y0 = Math.max(world.y, Math.min(...ys) - FOCUS_MARGIN);
  const x1 = Math.min(world.x + world.width, Math.max(...xs) + FOCUS_MARGIN);
  const y1 = Math.min(world.y + world.height, Math.max(...ys) + FOCUS_MARGIN);
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}

/** Roads with lane markings and stop lines, signal heads by state, vehicles as oriented rectangles. */
export class TrafficLayer implements SceneLayer {
  readonly root = new Container();
  readonly world: { x: number; y: number; width: number; height: number };
  readonly focus: { x: number; y: number; width: number; height: number };
  /** Id of the vehicle the inspector follows, -1 none. */
  private followId = -1;
  /** Screen pixels per metre the vehicle and signal sizes were last set for. */
  private sizedFor = Number.NaN;
  colourBy: 'speed' | 'wait' = 'speed';
  /** Vehicles are particles: one buffer upload per frame, no per-sprite transforms. */
  private readonly vehicles = new ParticleContainer({ dynamicProperties: { position: true, rotation: true, color: true, vertex: false, uvs: false } });
  private readonly pool: Particle[] = [];
  /** Tint last given to each pooled particle (Pixi's tint setter parses colours: set only on change). */
  private tints = new Int32Array(0);
  private readonly heads: Sprite[] = [];
  /** Approach labels (N, E, S, W) at every signalised junction. */
  readonly labels: Text[] = [];
  /** Outline of the selected intersection. */
  private readonly mark = new Graphics();
  private readonly sampler: TrackSampler;
  private visible = 0;
  private last: Track;
  private lastFrame = 0;
  /** Scratch columns for unpacking one frame: id, x, y, h, v, w. */
  private cols: Int32Array[] = [];
  /** Frames whose packed columns were validated (on first draw). */
  private readonly checked = new Set<number>();

  constructor(private readonly ep: Episode, circle: Texture) {
    const scene = ep.rec.scene as TrafficScene;
    const b = scene.bounds;
    this.world = { x: b.minX, y: -b.maxY, width: b.maxX - b.minX, height: b.maxY - b.minY };
    this.focus = signalFocus(scene, this.world);
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
    for (const list of approachesOf(scene).values()) {
      for (const a of list) {
        const style = {
          fontFamily: 'system-ui, sans-serif', fontSize: LABEL_FONT, fontWeight: 'bold', fill: 0xffffff, stroke: { color: 0x000000, width: 6 },
        } as const;
        const t = new Text({ text: a.side, style });
        t.anchor.set(0.5);
        t.position.set(a.labelX, -a.labelY);
        t.label = a.side;
        this.labels.push(t);
        this.root.addChild(t);
      }
    }
    this.mark.visible = false;
    this.root.addChild(this.mark);
    this.sampler = new TrackSampler((i, out) => this.decode(i, out), ep.maxThings);
    this.last = this.sampler.out;
    this.grow(ep.maxThings);
  }

  private roads(scene: TrafficScene): Graphics {
    const g = new Graphics();
    for (const j of scene.junctions) {
      if (j.points && j.points.length >= 6) g.beginPath().poly(j.points.map((v, k) => (k % 2 ? -v : v))).fill(0x3a3d42);
      else {
        const s = j.size ?? 12;
        g.beginPath().rect(j.x - s / 2, -j.y - s / 2, s, s).fill(0x3a3d42);
      }
    }
    for (const l of scene.lanes) {
      const p = l.points;
      g.beginPath().moveTo(p[0] ?? 0, -(p[1] ?? 0));
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
        if (l.index < l.count - 1) {
          g.beginPath();
          dashed(g, x0 - nx * half, y0 - ny * half, x1 - nx * half, y1 - ny * half, 3, 6);
          g.stroke({ width: 0.15, color: 0xeeeeee });
        } else {
          g.beginPath().moveTo(x0 - nx * half, y0 - ny * half).lineTo(x1 - nx * half, y1 - ny * half).stroke({ width: 0.2, color: 0xd4b84a });
        }
        if (l.index === 0) g.beginPath().moveTo(x0 + nx * half, y0 + ny * half).lineTo(x1 + nx * half, y1 + ny * half).stroke({ width: 0.2, color: 0xcccccc });
        if (l.stop && k + 4 >= p.length) {
          const ux = (x1 - x0) / len, uy = (y1 - y0) / len;
          const sx = x1 - ux * 0.3, sy = y1 - uy * 0.3;
          g.beginPath().moveTo(sx - nx * half, sy - ny * half).lineTo(sx + nx * half, sy + ny * half).stroke({ width: 0.5, color: 0xffffff });
        }
      }
    }
    return g;
  }

  private grow(n: number): void {
    const scene = this.ep.rec.scene as TrafficScene;
    const tex = Texture.WHITE;
    while (this.pool.length < n) {
      this.pool.push(
        new Particle({ texture: tex, anchorX: 0.5, anchorY: 0.5, scaleX: scene.vehicleLength / tex.width, scaleY: scene.vehicleWidth / tex.height }),
      );
    }
    const t = new Int32Array(this.pool.length).fill(-1);
    t.set(this.tints.subarray(0, Math.min(this.tints.length, t.length)));
    this.tints = t;
  }

  private decode(i: number, out: Track): void {
    const v = this.ep.frames[i]?.vehicles;
    if (!v) return void (out.n = 0);
    if (!this.checked.has(i)) {
      checkVehicles(`frames[${i}]`, v); // throws InvalidFile on a malformed frame
      this.checked.add(i);
    }
    const n = Math.min(v.n, out.id.length);
    if ((this.cols[0]?.length ?? 0) < v.n) this.cols = [0, 1, 2, 3, 4, 5].map(() => new Int32Array(v.n));
    const [cid, cx, cy, ch, cv, cw] = this.cols as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
    unpackInts(v.id, cid);
    unpackInts(v.x, cx);
    unpackInts(v.y, cy);
    unpackInts(v.h, ch);
    unpackInts(v.v, cv);
    unpackInts(v.w, cw);
    let id = 0;
    for (let k = 0; k < n; k++) {
      id = k === 0 ? (cid[0] ?? 0) : id + (cid[k] ?? 0);
      out.id[k] = id;
      out.x[k] = (cx[k] ?? 0) / 10;
      out.y[k] = -(cy[k] ?? 0) / 10;
      out.rot[k] = -(ch[k] ?? 0) * DEG;
      out.a[k] = (cv[k] ?? 0) / 10;
      out.b[k] = (cw[k] ?? 0) / 10;
    }
    out.n = n;
  }

  /** Keeps vehicles at least MIN_VEHICLE_PX long and signal heads MIN_HEAD_PX wide on screen at any zoom. */
  private size(): void {
    const z = Math.abs(this.root.worldTransform.a) || 1;
    if (z === this.sizedFor) return;
    this.sizedFor = z;
    const scene = this.ep.rec.scene as TrafficScene;
    const len = Math.max(scene.vehicleLength, MIN_VEHICLE_PX / z);
    const wid = Math.max(scene.vehicleWidth, (MIN_VEHICLE_PX * 0.45) / z);
    for (const p of this.pool) {
      p.scaleX = len / Texture.WHITE.width;
      p.scaleY = wid / Texture.WHITE.height;
    }
    const head = Math.max(1.6, MIN_HEAD_PX / z);
    for (const h of this.heads) h.setSize(head, head);
    for (const t of this.labels) t.scale.set(LABEL_PX / LABEL_FONT / z);
    this.vehicles.update();
  }

  draw(i: number, j: number, alpha: number): void {
    if (this.ep.maxThings > this.pool.length) {
      this.grow(this.ep.maxThings);
      this.sampler.resize(this.ep.maxThings);
      this.sizedFor = Number.NaN;
    }
    this.size();
    const tr = this.sampler.sample(i, j, alpha);
    this.last = tr;
    this.lastFrame = i;
    const byWait = this.colourBy === 'wait';
    const shown = this.vehicles.particleChildren;
    for (let k = 0; k < tr.n; k++) {
      const p = this.pool[k];
      if (!p) break;
      p.x = tr.x[k] ?? 0;
      p.y = tr.y[k] ?? 0;
      p.rotation = tr.rot[k] ?? 0;
      const c = byWait ? waitColour(tr.b[k] ?? 0) : speedColour(tr.a[k] ?? 0);
      if (this.tints[k] !== c) {
        p.tint = c;
        this.tints[k] = c;
      }
      if (k >= shown.length) shown.push(p);
    }
    if (shown.length !== tr.n || this.visible !== tr.n) {
      shown.length = Math.min(tr.n, this.pool.length);
      this.vehicles.update();
    }
    this.visible = shown.length;
    const sig = this.ep.frames[i]?.signals ?? '';
    for (let k = 0; k < this.heads.length; k++) {
      const h = this.heads[k];
      if (h) h.tint = SIGNAL_COLOURS[sig[k] ?? 'o'] ?? 0x555555;
    }
  }

  /** The vehicles drawn last (positions y down, speeds in m/s). */
  track(): Track {
    return this.last;
  }

  drawn(): number {
    return this.vehicles.particleChildren.length;
  }

  select(x: number, y: number): string | null {
    const scene = this.ep.rec.scene as TrafficScene;
    let best: (typeof scene.junctions)[number] | null = null;
    let bestD = Infinity;
    for (const j of scene.junctions) {
      const r = Math.max(8, (j.size ?? 12) / 2);
      const d = (j.x - x) ** 2 + (-j.y - y) ** 2;
      if (d <= r * r && d < bestD) {
        bestD = d;
        best = j;
      }
    }
    if (best === null) return null; // a click elsewhere keeps the selection
    const r = Math.max(8, (best.size ?? 12) / 2);
    this.mark.clear();
    this.mark.visible = true;
    this.mark.rect(best.x - r, -best.y - r, 2 * r, 2 * r).stroke({ width: 1.2, color: 0xffd54f });
    return best.id;
  }

  /** The inspector text of drawn vehicle `k`. */
  private describe(k: number): string {
    const tr = this.last;
    const deg = Math.round((-(tr.rot[k] ?? 0) / DEG + 360) % 360);
    return [
      `vehicle ${tr.id[k]}`,
      `position  ${(tr.x[k] ?? 0).toFixed(1)}, ${(-(tr.y[k] ?? 0)).toFixed(1)} m`,
      `heading   ${deg} deg`,
      `speed     ${(tr.a[k] ?? 0).toFixed(1)} m/s (${((tr.a[k] ?? 0) * 3.6).toFixed(0)} km/h)`,
      `waiting   ${(tr.b[k] ?? 0).toFixed(1)} s`,
    ].join('\n');
  }

  /** The inspected vehicle at the playhead (the inspector follows it while playing or seeking), or null. */
  followed(): string | null {
    if (this.followId < 0) return null;
    const tr = this.last;
    for (let k = 0; k < tr.n; k++) if (tr.id[k] === this.followId) return this.describe(k);
    return `vehicle ${this.followId}\nnot in the network at this time`;
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
    this.followId = best >= 0 ? (tr.id[best] ?? -1) : -1;
    if (best >= 0) return this.describe(best);
    const sig = this.ep.frames[this.lastFrame]?.signals ?? '';
    for (let k = 0; k < scene.signals.length; k++) {
      const s = scene.signals[k];
      if (s && (s.x - x) ** 2 + (-s.y - y) ** 2 < 4) {
        return [
          `signal ${s.id}`,
          `junction  ${s.junction}`,
          `lane      ${scene.lanes[s.lane]?.id ?? '?'}`,
          `state     ${({ r: 'red', y: 'amber', g: 'green', o: 'off' } as Record<string, string>)[sig[k] ?? 'o']}`,
        ].join('\n');
      }
    }
    return null;
  }
}
