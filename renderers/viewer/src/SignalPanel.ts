/**
 * The signal panel of a traffic recording: for the selected junction, its current phase and time in
 * phase, a stage diagram (one icon per phase with its green movements as arrows, the phase in effect
 * framed) and a queue bar per approach (stopped vehicles).
 * @packageDocumentation
 */
import type { TrafficScene } from '../../format/types.js';
import { approachesOf, queuesOn, turnOf } from './approaches.js';
import type { Approach, Turn } from './approaches.js';
import type { Episode } from './Episode.js';
import { phaseTimeline } from './phases.js';
import type { PhaseTimeline } from './phases.js';
import type { Track } from './Track.js';

/** Layout of the panel's canvas (CSS px). */
export const ICON = 56;
const GAP = 6;
const WIDTH = 300;
const BAR_ROW = 18;
const BAR_X = 44;
const BAR_MAX = 200;
/** Vehicles of a full bar (more: the scale grows). */
const BAR_FULL = 20;
export const ACTIVE = '#ffd54f';
export const ARROW = '#43a047';
export const QUEUE_BAR = '#ff40c8';

/** What the panel shows (read by tests through `window.tsgym.signal()`). */
export interface ShownSignal {
  readonly junction: string;
  /** Phase in effect, -1 amber, -2 all red. */
  readonly phase: number;
  readonly phases: number;
  readonly inPhase: number;
  /** Per phase icon: its rectangle on the canvas (CSS px) and its green movements (`S:l`, ...). */
  readonly icons: { x: number; y: number; w: number; h: number; moves: string[] }[];
  /** Per approach: side, stopped vehicles and the bar's rectangle (CSS px). */
  readonly queues: { side: string; n: number; x: number; y: number; w: number; h: number }[];
}

/** Arrow path of a movement in icon units: (across to the right, along the direction of travel). */
const PATHS: Record<Turn, [number, number][]> = {
  s: [[6, -24], [6, 24]],
  l: [[6, -24], [6, -2], [-4, 6], [-24, 6]],
  r: [[6, -24], [6, -12], [12, -6], [24, -6]],
  t: [[6, -24], [6, 4], [0, 10], [-6, 4], [-6, -14]],
};

/**
 * The panel (`#signal`) for one episode's junctions; `select` picks the junction (a click on it in the
 * scene), `update` redraws for a frame.
 *
 * @example
 * ```ts
 * const panel = new SignalPanel(byId('signal'), episode);
 * panel.update(frameIndex, t, layer.track());
 * ```
 */
export class SignalPanel {
  shown: ShownSignal | null = null;
  private readonly approaches: Map<string, Approach[]>;
  private readonly timelines = new Map<string, PhaseTimeline>();
  private junction: string | null;
  private readonly head = document.createElement('div');
  private readonly canvas = document.createElement('canvas');
  private drawnFor = '';

  constructor(private readonly box: HTMLElement, private readonly ep: Episode) {
    const scene = ep.rec.scene as TrafficScene;
    this.approaches = approachesOf(scene);
    this.junction = scene.junctions.find((j) => this.approaches.has(j.id))?.id ?? null;
    this.head.className = 'title';
    box.replaceChildren(this.head, this.canvas);
    box.hidden = this.junction === null;
  }

  /** Shows junction `id` (ignored when it has no signals). */
  select(id: string): void {
    if (!this.approaches.has(id)) return;
    this.junction = id;
    this.drawnFor = '';
  }

  private timeline(id: string): PhaseTimeline {
    let tl = this.timelines.get(id);
    if (!tl) {
      const scene = this.ep.rec.scene as TrafficScene;
      const heads = scene.signals.flatMap((s, k) => (s.junction === id ? [k] : []));
      tl = phaseTimeline(this.ep.frames, heads);
      this.timelines.set(id, tl);
    }
    return tl;
  }

  /** Redraws for frame `i` at time `t` with the vehicles of `track` (only when something shown changed). */
  update(i: number, t: number, track: Track): void {
    const id = this.junction;
    if (id === null) return;
    const scene = this.ep.rec.scene as TrafficScene;
    const aps = this.approaches.get(id) ?? [];
    const tl = this.timeline(id);
    const phase = tl.phaseAt[i] ?? -2;
    const inPhase = Math.max(0, t - (tl.since[i] ?? t));
    const queues = queuesOn(scene, aps, track);
    const tag = `${id}|${phase}|${inPhase.toFixed(0)}|${queues.join(',')}|${tl.phases.length}`;
    if (tag === this.drawnFor) return;
    this.drawnFor = tag;
    const what = phase >= 0 ? `phase ${phase + 1} of ${tl.phases.length}` : phase === -1 ? 'amber' : 'all red';
    this.head.textContent = `${id} · ${what} · ${inPhase.toFixed(0)} s`;
    this.shown = this.draw(id, aps, tl, phase, inPhase, queues);
  }

  private draw(id: string, aps: Approach[], tl: PhaseTimeline, phase: number, inPhase: number, queues: number[]): ShownSignal {
    const scene = this.ep.rec.scene as TrafficScene;
    const perRow = Math.max(1, Math.floor((WIDTH + GAP) / (ICON + GAP)));
    const rows = Math.ceil(tl.phases.length / perRow);
    const barsTop = rows * (ICON + GAP) + 16;
    const height = barsTop + aps.length * BAR_ROW + 4;
    const dpr = window.devicePixelRatio || 1;
    const c = this.canvas;
    c.width = Math.round(WIDTH * dpr);
    c.height = Math.round(height * dpr);
    c.style.width = `${WIDTH}px`;
    c.style.height = `${height}px`;
    const g = c.getContext('2d');
    if (!g) throw new Error('no 2d context for the signal panel');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, WIDTH, height);
    const sideOfHead = new Map<number, Approach>();
    for (const a of aps) for (const k of a.signals) sideOfHead.set(k, a);
    const icons = tl.phases.map((green, p) => {
      const x = (p % perRow) * (ICON + GAP);
      const y = Math.floor(p / perRow) * (ICON + GAP);
      const moves = new Set<string>();
      green.forEach((on, h) => {
        const k = tl.heads[h] ?? -1;
        const a = sideOfHead.get(k);
        if (on && a) moves.add(`${a.side}:${turnOf(scene, k)}`);
      });
      this.icon(g, x, y, p, p === phase, [...moves], aps);
      return { x, y, w: ICON, h: ICON, moves: [...moves].sort() };
    });
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#aab';
    g.fillText('stopped vehicles per approach', 0, barsTop - 4);
    const scale = Math.max(BAR_FULL, ...queues);
    const shownQueues = aps.map((a, k) => {
      const n = queues[k] ?? 0;
      const y = barsTop + k * BAR_ROW;
      const w = Math.round((n / scale) * BAR_MAX);
      g.fillStyle = '#dde';
      g.fillText(a.side, 2, y + 12);
      g.fillStyle = '#23262b';
      g.fillRect(BAR_X - 20, y + 3, BAR_MAX + 20, BAR_ROW - 6);
      g.fillStyle = QUEUE_BAR;
      g.fillRect(BAR_X - 20, y + 3, w, BAR_ROW - 6);
      g.fillStyle = '#dde';
      g.fillText(`${n} veh`, BAR_X + BAR_MAX + 4, y + 12);
      return { side: a.side, n, x: BAR_X - 20, y: y + 3, w, h: BAR_ROW - 6 };
    });
    return { junction: id, phase, phases: tl.phases.length, inPhase, icons, queues: shownQueues };
  }

  /** One stage icon: the junction's approaches as grey stubs, green arrows for the phase's movements. */
  private icon(g: CanvasRenderingContext2D, x: number, y: number, p: number, active: boolean, moves: string[], aps: Approach[]): void {
    const cx = x + ICON / 2, cy = y + ICON / 2;
    g.fillStyle = '#15171a';
    g.fillRect(x, y, ICON, ICON);
    g.strokeStyle = '#3a3d42';
    g.lineWidth = 10;
    for (const a of aps) {
      g.beginPath();
      g.moveTo(cx, cy);
      g.lineTo(cx - a.dx * ICON * 0.5, cy + a.dy * ICON * 0.5);
      g.stroke();
    }
    g.strokeStyle = ARROW;
    g.fillStyle = ARROW;
    g.lineWidth = 2.5;
    for (const m of moves) {
      const [side, turn] = m.split(':') as [string, Turn];
      const a = aps.find((o) => o.side === side);
      if (!a) continue;
      // screen axes: forward (dx, -dy), right (dy, dx)
      const pt = ([u, v]: [number, number]): [number, number] => [cx + (u * a.dy + v * a.dx) * 0.9, cy + (u * a.dx - v * a.dy) * 0.9];
      const path = PATHS[turn].map(pt);
      g.beginPath();
      path.forEach(([px, py], k) => (k === 0 ? g.moveTo(px, py) : g.lineTo(px, py)));
      g.stroke();
      const [ex, ey] = path[path.length - 1] ?? [cx, cy];
      const [qx, qy] = path[path.length - 2] ?? [cx, cy];
      const ang = Math.atan2(ey - qy, ex - qx);
      g.beginPath();
      g.moveTo(ex, ey);
      g.lineTo(ex - 7 * Math.cos(ang - 0.5), ey - 7 * Math.sin(ang - 0.5));
      g.lineTo(ex - 7 * Math.cos(ang + 0.5), ey - 7 * Math.sin(ang + 0.5));
      g.closePath();
      g.fill();
    }
    g.font = '10px system-ui, sans-serif';
    g.fillStyle = '#dde';
    g.fillText(String(p + 1), x + 3, y + 11);
    if (active) {
      g.strokeStyle = ACTIVE;
      g.lineWidth = 3;
      g.strokeRect(x + 1.5, y + 1.5, ICON - 3, ICON - 3);
    }
  }
}
