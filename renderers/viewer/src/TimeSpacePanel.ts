/**
 * The time-space diagram of a corridor (an arterial or a row of a grid): time across, distance along
 * the corridor up, one line per vehicle travelling along it, and at each junction a band coloured by
 * the state of that direction's through movement (red, amber, green) over time; the playhead as a
 * vertical line.
 * @packageDocumentation
 */
import { SIGNAL_COLOURS } from './colours.js';
import { corridorOf, trajectories } from './corridor.js';
import type { Corridor } from './corridor.js';
import type { Episode } from './Episode.js';
import { formatClock } from './Playhead.js';
import { drawPlayheadLine } from './playheadLine.js';

const W = 300;
const H = 220;
const LEFT = 46;
const BOTTOM = 14;
const TOP = 4;
const RIGHT = 4;
/** Trajectory colour (a vehicle colour: never a signal colour). */
export const TRAJECTORY = '#b89cff';
/** Thickness of a signal band (px). */
const BAND = 4;

/** Where things are on the diagram (CSS px; read by tests through `window.tsgym.timeSpace()`). */
export interface ShownTimeSpace {
  readonly plot: { x: number; y: number; w: number; h: number };
  readonly t0: number;
  readonly t1: number;
  readonly from: number;
  readonly to: number;
  readonly axis: 'x' | 'y';
  readonly junctions: { id: string; at: number; head: number }[];
  readonly vehicles: number;
}

function hex(c: number): string {
  return `#${c.toString(16).padStart(6, '0')}`;
}

/**
 * The panel (`#timespace`): built once from the whole recording, only the playhead moves.
 *
 * @example
 * ```ts
 * const ts = TimeSpacePanel.create(byId('timespace'), episode); // null without a corridor
 * ts?.update(t);
 * ```
 */
export class TimeSpacePanel {
  readonly shown: ShownTimeSpace;
  private readonly canvas = document.createElement('canvas');
  private readonly base = document.createElement('canvas');
  private lastX = -1;

  /** The panel for `ep`, or null when its scene has no corridor of two or more signals. */
  static create(box: HTMLElement, ep: Episode): TimeSpacePanel | null {
    if (ep.rec.scene.kind !== 'traffic' || ep.count < 2) return null;
    const c = corridorOf(ep.rec.scene);
    return c === null ? null : new TimeSpacePanel(box, ep, c);
  }

  private constructor(box: HTMLElement, private readonly ep: Episode, private readonly c: Corridor) {
    const title = document.createElement('div');
    title.className = 'title';
    const dir = c.axis === 'x' ? 'eastbound' : 'northbound';
    title.textContent = `time-space · ${dir} · ${c.junctions[0]?.id ?? ''} to ${c.junctions[c.junctions.length - 1]?.id ?? ''}`;
    box.replaceChildren(title, this.canvas);
    box.hidden = false;
    const plot = { x: LEFT, y: TOP, w: W - LEFT - RIGHT, h: H - TOP - BOTTOM };
    const tr = trajectories(ep.frames, c);
    this.shown = { plot, t0: ep.t0, t1: ep.t1, from: c.from, to: c.to, axis: c.axis, junctions: c.junctions.map((j) => ({ ...j })), vehicles: tr.length };
    const dpr = window.devicePixelRatio || 1;
    for (const cv of [this.canvas, this.base]) {
      cv.width = Math.round(W * dpr);
      cv.height = Math.round(H * dpr);
    }
    this.canvas.style.width = `${W}px`;
    this.canvas.style.height = `${H}px`;
    const g = this.base.getContext('2d');
    if (!g) throw new Error('no 2d context for the time-space diagram');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = '#15171a';
    g.fillRect(0, 0, W, H);
    g.strokeStyle = TRAJECTORY;
    g.lineWidth = 1;
    for (const v of tr) {
      g.beginPath();
      v.t.forEach((t, k) => (k === 0 ? g.moveTo(this.tx(t), this.dy(v.d[k] ?? 0)) : g.lineTo(this.tx(t), this.dy(v.d[k] ?? 0))));
      if (v.t.length === 1) g.lineTo(this.tx(v.t[0] ?? 0) + 1, this.dy(v.d[0] ?? 0));
      g.stroke();
    }
    this.bands(g);
    this.axes(g);
    this.update(ep.t0);
  }

  /** Canvas x (CSS px) of time `t`. */
  private tx(t: number): number {
    const { t0, t1 } = this.ep;
    return LEFT + ((t - t0) / (t1 - t0 || 1)) * (W - LEFT - RIGHT);
  }

  /** Canvas y (CSS px) of distance `d` along the corridor (up). */
  private dy(d: number): number {
    const h = H - TOP - BOTTOM;
    return TOP + h - ((d - this.c.from) / (this.c.to - this.c.from || 1)) * h;
  }

  /** A band per junction: the through head's state from each frame to the next. */
  private bands(g: CanvasRenderingContext2D): void {
    const frames = this.ep.frames;
    for (const j of this.c.junctions) {
      const y = this.dy(j.at);
      for (let i = 0; i < frames.length; i++) {
        const s = frames[i]?.signals?.[j.head] ?? 'o';
        const a = this.tx(frames[i]?.t ?? 0);
        const b = i + 1 < frames.length ? this.tx(frames[i + 1]?.t ?? 0) : a + 1;
        g.fillStyle = hex(SIGNAL_COLOURS[s] ?? 0x555555);
        g.fillRect(a, y - BAND / 2, Math.max(1, b - a), BAND);
      }
    }
  }

  private axes(g: CanvasRenderingContext2D): void {
    g.font = '10px system-ui, sans-serif';
    g.fillStyle = '#aab';
    g.textBaseline = 'middle';
    for (const j of this.c.junctions) g.fillText(j.id, 2, this.dy(j.at));
    g.fillText(`${Math.round(this.c.to - this.c.from)} m`, 2, TOP + 6);
    g.textBaseline = 'alphabetic';
    const y = H - 3;
    g.fillText(formatClock(this.ep.t0), LEFT, y);
    const mid = formatClock((this.ep.t0 + this.ep.t1) / 2);
    g.fillText(mid, LEFT + (W - LEFT - RIGHT) / 2 - g.measureText(mid).width / 2, y);
    const end = formatClock(this.ep.t1);
    g.fillText(end, W - RIGHT - g.measureText(end).width, y);
  }

  /** Draws the playhead at time `t` (only when it moves a pixel). */
  update(t: number): void {
    const x = Math.round(this.tx(Math.min(Math.max(t, this.ep.t0), this.ep.t1)));
    if (x === this.lastX) return;
    this.lastX = x;
    drawPlayheadLine(this.canvas, this.base, x, TOP, H - TOP - BOTTOM);
  }
}
