import { Container, Graphics, Sprite, Text, Texture } from 'pixi.js';
import { decodeIds } from '../../format/deltaIds.js';
import { JOB_LOCATIONS, MACHINE_STATES } from '../../format/types.js';
import type { FactoryScene } from '../../format/types.js';
import type { Episode } from './Episode.js';
import type { SceneLayer } from './SceneLayer.js';
import { JOB_COLOURS, MACHINE_COLOURS } from './colours.js';
import { Track, TrackSampler } from './Track.js';

const MACHINE = 4;
const SLOT = 2.4;
const SHOWN_SLOTS = 8;

/** Labels are drawn at least this tall on screen (px), whatever the zoom. */
const MIN_LABEL_PX = 12;
/** Every label made, with its size in layout units (the zoom decides the drawn size). */
const LABEL_SIZE = new WeakMap<Text, number>();

function label(text: string, x: number, y: number, size = 1.6): Text {
  const t = new Text({ text, style: { fill: '#c8ccd4', fontSize: 24, fontFamily: 'sans-serif' } });
  t.scale.set(size / 24);
  t.anchor.set(0.5, 1);
  t.position.set(x, y);
  LABEL_SIZE.set(t, size);
  return t;
}

/** Stations with machines coloured by state, buffers with their jobs, jobs moving between them. */
export class FactoryLayer implements SceneLayer {
  readonly root = new Container();
  readonly world: { x: number; y: number; width: number; height: number };
  colourBy: 'speed' | 'wait' = 'speed';
  private readonly machineSprites: Sprite[] = [];
  private readonly machinePos: { x: number; y: number }[] = [];
  /** Outline of the selected machine (or backlog). */
  private readonly mark = new Graphics();
  private readonly counts: Text[] = [];
  private readonly countValues: number[] = [];
  private readonly jobs = new Container();
  private readonly pool: Sprite[] = [];
  private readonly sampler: TrackSampler;
  private readonly rank: Int32Array;
  private idBuf: Int32Array;
  private visible = 0;
  private lastFrame = 0;

  constructor(private readonly ep: Episode, private readonly circle: Texture) {
    const scene = ep.rec.scene as FactoryScene;
    const b = scene.bounds;
    this.world = { x: b.minX, y: -b.maxY, width: b.maxX - b.minX, height: b.maxY - b.minY };
    const g = new Graphics();
    const perStation = scene.stations.map((_, i) => scene.machines.filter((m) => m.station === i).length);
    scene.stations.forEach((s, i) => {
      const w = Math.max(10, (perStation[i] ?? 1) * (MACHINE + 1) + 2);
      g.beginPath().roundRect(s.x - w / 2, -s.y - 4, w, 8, 1).fill(0x2c3036).stroke({ width: 0.2, color: 0x6b7280 });
      this.root.addChild(label(s.name, s.x, -s.y - 4.4));
    });
    for (const [a, c] of scene.flows) {
      const s = scene.stations[a];
      const t = scene.stations[c];
      if (!s || !t) continue;
      const dx = t.x - s.x, dy = -t.y + s.y;
      const len = Math.hypot(dx, dy) || 1;
      const ux = dx / len, uy = dy / len;
      const x0 = s.x + ux * 6, y0 = -s.y + uy * 6, x1 = t.x - ux * 6, y1 = -t.y - uy * 6;
      g.beginPath().moveTo(x0, y0).lineTo(x1, y1).stroke({ width: 0.25, color: 0x8a93a0 });
      g.beginPath().poly([x1, y1, x1 - ux * 1.2 - uy * 0.6, y1 - uy * 1.2 + ux * 0.6, x1 - ux * 1.2 + uy * 0.6, y1 - uy * 1.2 - ux * 0.6]).fill(0x8a93a0);
    }
    for (const buf of scene.buffers) {
      const slots = Math.min(buf.capacity ?? SHOWN_SLOTS, SHOWN_SLOTS);
      for (let k = 0; k < slots; k++) g.beginPath().rect(buf.x + k * SLOT - 1, -buf.y - 1, 2, 2).stroke({ width: 0.25, color: 0x6b7280 });
      this.root.addChild(label(`${buf.name}${buf.capacity === null ? '' : ` (${buf.capacity})`}`, buf.x + ((slots - 1) * SLOT) / 2, -buf.y - 1.3, 1.2));
      const c = label('', buf.x + slots * SLOT, -buf.y + 0.8, 1.4);
      c.anchor.set(0, 1);
      this.counts.push(c);
      this.countValues.push(-1);
      this.root.addChild(c);
    }
    this.root.addChild(g);
    const seen = new Array<number>(scene.stations.length).fill(0);
    for (const m of scene.machines) {
      const s = scene.stations[m.station];
      const n = perStation[m.station] ?? 1;
      const k = seen[m.station] ?? 0;
      seen[m.station] = k + 1;
      const x = (s?.x ?? 0) + (k - (n - 1) / 2) * (MACHINE + 1);
      const y = -(s?.y ?? 0);
      const sp = new Sprite(Texture.WHITE);
      sp.anchor.set(0.5);
      sp.setSize(MACHINE, MACHINE);
      sp.position.set(x, y);
      this.machinePos.push({ x, y });
      this.machineSprites.push(sp);
      this.root.addChild(sp);
    }
    this.root.addChild(this.jobs);
    this.mark.visible = false;
    this.root.addChild(this.mark);
    this.rank = new Int32Array(scene.buffers.length);
    this.idBuf = new Int32Array(Math.max(1, ep.maxThings));
    this.sampler = new TrackSampler((i, out) => this.decode(i, out), ep.maxThings);
    this.grow(ep.maxThings);
  }

  private grow(n: number): void {
    while (this.pool.length < n) {
      const s = new Sprite(this.circle);
      s.anchor.set(0.5);
      s.setSize(1.6, 1.6);
      s.visible = false;
      this.pool.push(s);
      this.jobs.addChild(s);
    }
  }

  private decode(i: number, out: Track): void {
    const scene = this.ep.rec.scene as FactoryScene;
    const jb = this.ep.frames[i]?.jobs;
    if (!jb) return void (out.n = 0);
    if (this.idBuf.length < jb.id.length) this.idBuf = new Int32Array(jb.id.length);
    const n = decodeIds(jb.id, this.idBuf);
    this.rank.fill(0);
    for (let k = 0; k < n; k++) {
      const loc = jb.loc[k] ?? 0;
      const at = jb.at[k] ?? 0;
      let x = 0;
      let y = 0;
      if (loc === 0) {
        const buf = scene.buffers[at];
        const r = this.rank[at] ?? 0;
        this.rank[at] = r + 1;
        const slot = Math.min(r, Math.min(buf?.capacity ?? SHOWN_SLOTS, SHOWN_SLOTS) - 1);
        x = (buf?.x ?? 0) + Math.max(slot, 0) * SLOT;
        y = -(buf?.y ?? 0);
      } else if (loc === 1) {
        x = this.machinePos[at]?.x ?? 0;
        y = this.machinePos[at]?.y ?? 0;
      } else {
        const a = scene.stations[at];
        const b = scene.stations[jb.to[k] ?? at];
        x = ((a?.x ?? 0) + (b?.x ?? 0)) / 2;
        y = -((a?.y ?? 0) + (b?.y ?? 0)) / 2;
      }
      out.id[k] = this.idBuf[k] ?? 0;
      out.x[k] = x;
      out.y[k] = y;
      out.rot[k] = 0;
      out.a[k] = jb.k[k] ?? 0;
      out.b[k] = loc;
    }
    out.n = n;
  }

  /** Screen px per layout unit the labels were last sized for. */
  private sizedFor = Number.NaN;

  /** Keeps labels at least MIN_LABEL_PX tall on screen. */
  private sizeLabels(): void {
    const z = Math.abs(this.root.worldTransform.a) || 1;
    if (z === this.sizedFor) return;
    this.sizedFor = z;
    for (const c of this.root.children) {
      const size = c instanceof Text ? LABEL_SIZE.get(c) : undefined;
      if (size !== undefined) c.scale.set(Math.max(size, MIN_LABEL_PX / z) / 24);
    }
  }

  draw(i: number, j: number, alpha: number): void {
    this.sizeLabels();
    if (this.ep.maxThings > this.pool.length) {
      this.grow(this.ep.maxThings);
      this.sampler.resize(this.ep.maxThings);
    }
    this.lastFrame = i;
    const f = this.ep.frames[i];
    const ms = f?.machines?.s;
    for (let k = 0; k < this.machineSprites.length; k++) {
      const sp = this.machineSprites[k];
      if (sp) sp.tint = MACHINE_COLOURS[ms?.[k] ?? 0] ?? 0x78909c;
    }
    const tr = this.sampler.sample(i, j, alpha);
    for (let k = 0; k < tr.n; k++) {
      const s = this.pool[k];
      if (!s) break;
      s.visible = true;
      s.position.set(tr.x[k] ?? 0, tr.y[k] ?? 0);
      s.tint = JOB_COLOURS[(tr.a[k] ?? 0) % JOB_COLOURS.length] ?? 0xffffff;
    }
    for (let k = tr.n; k < this.visible; k++) {
      const s = this.pool[k];
      if (s) s.visible = false;
    }
    this.visible = tr.n;
    // Queue length next to each buffer (texts change only when the count does).
    this.rank.fill(0);
    const jb = f?.jobs;
    if (jb) for (let k = 0; k < jb.loc.length; k++) if (jb.loc[k] === 0) this.rank[jb.at[k] ?? 0] = (this.rank[jb.at[k] ?? 0] ?? 0) + 1;
    for (let b = 0; b < this.counts.length; b++) {
      const n = this.rank[b] ?? 0;
      if (n !== this.countValues[b]) {
        this.countValues[b] = n;
        const c = this.counts[b];
        if (c) c.text = String(n);
      }
    }
  }

  drawn(): number {
    let n = 0;
    for (let k = 0; k < this.visible; k++) if (this.pool[k]?.visible) n++;
    return n;
  }

  select(x: number, y: number): string | null {
    const scene = this.ep.rec.scene as FactoryScene;
    for (let m = 0; m < this.machinePos.length; m++) {
      const p = this.machinePos[m];
      if (p && Math.abs(p.x - x) <= MACHINE / 2 + 0.5 && Math.abs(p.y - y) <= MACHINE / 2 + 0.5) {
        this.mark.clear();
        this.mark.rect(p.x - MACHINE / 2 - 0.6, p.y - MACHINE / 2 - 0.6, MACHINE + 1.2, MACHINE + 1.2).stroke({ width: 0.4, color: 0xffd54f });
        this.mark.visible = true;
        return scene.machines[m]?.id ?? null;
      }
    }
    const backlog = scene.buffers[0];
    if (backlog && backlog.id === 'backlog' && Math.abs(backlog.x + 4 - x) <= 6 && Math.abs(-backlog.y - y) <= 3) {
      this.mark.clear();
      this.mark.rect(backlog.x - 2, -backlog.y - 3, 12, 5).stroke({ width: 0.4, color: 0xffd54f });
      this.mark.visible = true;
      return 'release';
    }
    return null;
  }

  inspect(x: number, y: number): string | null {
    const scene = this.ep.rec.scene as FactoryScene;
    const f = this.ep.frames[this.lastFrame];
    const tr = this.sampler.out;
    for (let k = 0; k < tr.n; k++) {
      // A job on a machine is shown with its machine (below).
      if (tr.b[k] !== 1 && ((tr.x[k] ?? 0) - x) ** 2 + ((tr.y[k] ?? 0) - y) ** 2 < 1) {
        const loc = tr.b[k] ?? 0;
        return [`job ${tr.id[k]}`, `type      ${scene.jobTypes[tr.a[k] ?? 0] ?? tr.a[k]}`, `location  ${JOB_LOCATIONS[loc] ?? loc}`].join('\n');
      }
    }
    for (let m = 0; m < this.machinePos.length; m++) {
      const p = this.machinePos[m];
      if (p && Math.abs(p.x - x) <= MACHINE / 2 && Math.abs(p.y - y) <= MACHINE / 2) {
        const mc = scene.machines[m];
        const job = f?.machines?.j[m] ?? -1;
        return [
          `machine ${mc?.name ?? m}`,
          `station   ${scene.stations[mc?.station ?? 0]?.name ?? ''}`,
          `state     ${MACHINE_STATES[f?.machines?.s[m] ?? 0] ?? '?'}`,
          `job       ${job >= 0 ? job : '-'}`,
        ].join('\n');
      }
    }
    return null;
  }
}
