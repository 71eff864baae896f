/**
 * The Gantt chart of a factory recording: machines down, time across, one bar per operation coloured
 * by its job, and the playhead. JobShop-v0 recordings carry their final schedule (exact starts and
 * ends); for other factories the bars are read from the frames (a machine holding a job while busy
 * or in setup), so an operation ends at the first frame that no longer shows it.
 * @packageDocumentation
 */
import type { FactoryScene, OperationSchedule } from '../../format/types.js';
import type { Episode } from './Episode.js';
import { formatClock } from './Playhead.js';
import { drawPlayheadLine } from './playheadLine.js';

const W = 300;
const LEFT = 46;
const RIGHT = 4;
const ROW = 16;
const BOTTOM = 14;
/** Job colours, by job id modulo their number. */
export const GANTT_COLOURS = [
  '#4fc3f7', '#ba68c8', '#ffb74d', '#aed581', '#f06292', '#4db6ac', '#ffd54f', '#9575cd', '#e57373', '#81c784', '#64b5f6', '#a1887f',
];

function colourOf(job: number): string {
  return GANTT_COLOURS[job % GANTT_COLOURS.length] ?? '#888888';
}

/** One operation's bar. */
export interface GanttBar {
  readonly machine: number;
  readonly job: number;
  readonly start: number;
  readonly end: number;
  readonly colour: string;
}

/** Where things are on the chart (CSS px; read by tests through `window.tsgym.gantt()`). */
export interface ShownGantt {
  readonly plot: { x: number; y: number; w: number; h: number };
  readonly t0: number;
  readonly t1: number;
  readonly rows: { machine: string; y: number; h: number }[];
  readonly bars: GanttBar[];
}

/** Bars from a schedule (JobShop-v0's summary). */
function fromSchedule(s: OperationSchedule): GanttBar[] {
  return s.job.map((job, k) => ({ machine: s.machine[k] ?? 0, job, start: s.start[k] ?? 0, end: s.end[k] ?? 0, colour: colourOf(job) }));
}

/** Bars from the frames: runs of frames where a machine holds the same job while busy (1) or in setup (2). */
function fromFrames(ep: Episode, machines: number): GanttBar[] {
  const bars: GanttBar[] = [];
  for (let m = 0; m < machines; m++) {
    let job = -1;
    let start = 0;
    for (let i = 0; i <= ep.count; i++) {
      const f = ep.frames[i];
      const s = f?.machines?.s[m] ?? 0;
      const j = f && (s === 1 || s === 2) ? (f.machines?.j[m] ?? -1) : -1;
      if (j === job) continue;
      if (job >= 0) bars.push({ machine: m, job, start, end: f?.t ?? ep.t1, colour: colourOf(job) });
      job = j;
      start = f?.t ?? 0;
    }
  }
  return bars;
}

/**
 * The panel (`#gantt`), built once from the whole recording; only the playhead moves.
 *
 * @example
 * ```ts
 * const gantt = GanttPanel.create(byId('gantt'), episode); // null for traffic
 * gantt?.update(t);
 * ```
 */
export class GanttPanel {
  readonly shown: ShownGantt;
  private readonly canvas = document.createElement('canvas');
  private readonly base = document.createElement('canvas');
  private lastX = -1;
  private readonly height: number;

  /** The chart for a factory episode (null for other scenes, or without machines). */
  static create(box: HTMLElement, ep: Episode): GanttPanel | null {
    const scene = ep.rec.scene;
    if (scene.kind !== 'factory' || scene.machines.length === 0 || ep.count < 1) return null;
    return new GanttPanel(box, ep, scene);
  }

  private constructor(box: HTMLElement, private readonly ep: Episode, scene: FactoryScene) {
    const schedule = ep.summary?.schedule;
    const bars = schedule ? fromSchedule(schedule) : fromFrames(ep, scene.machines.length);
    const t0 = Math.min(ep.t0, ...bars.map((b) => b.start));
    const t1 = Math.max(ep.t1, ...bars.map((b) => b.end));
    this.height = scene.machines.length * ROW + BOTTOM + 2;
    const plot = { x: LEFT, y: 2, w: W - LEFT - RIGHT, h: scene.machines.length * ROW };
    const rows = scene.machines.map((m, k) => ({ machine: m.name, y: plot.y + k * ROW, h: ROW }));
    this.shown = { plot, t0, t1, rows, bars };
    const title = document.createElement('div');
    title.className = 'title';
    title.textContent = `Gantt · ${bars.length} operations${schedule ? '' : ' (from the frames)'}`;
    box.replaceChildren(title, this.canvas);
    box.hidden = false;
    const dpr = window.devicePixelRatio || 1;
    for (const cv of [this.canvas, this.base]) {
      cv.width = Math.round(W * dpr);
      cv.height = Math.round(this.height * dpr);
    }
    this.canvas.style.width = `${W}px`;
    this.canvas.style.height = `${this.height}px`;
    const g = this.base.getContext('2d');
    if (!g) throw new Error('no 2d context for the Gantt chart');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = '#15171a';
    g.fillRect(0, 0, W, this.height);
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'middle';
    rows.forEach((r, k) => {
      g.fillStyle = k % 2 ? '#1a1c20' : '#202328';
      g.fillRect(LEFT, r.y, plot.w, ROW);
      g.fillStyle = '#c8ccd4';
      g.fillText(r.machine, 2, r.y + ROW / 2, LEFT - 4);
    });
    for (const b of bars) {
      const x0 = this.tx(b.start);
      const x1 = this.tx(b.end);
      g.fillStyle = b.colour;
      g.fillRect(x0, plot.y + b.machine * ROW + 2, Math.max(1, x1 - x0), ROW - 4);
    }
    g.fillStyle = '#aab';
    g.textBaseline = 'alphabetic';
    const y = this.height - 3;
    g.fillText(formatClock(t0), LEFT, y);
    const end = formatClock(t1);
    g.fillText(end, W - RIGHT - g.measureText(end).width, y);
    this.update(t0);
  }

  /** Canvas x (CSS px) of time `t`. */
  private tx(t: number): number {
    const { t0, t1 } = this.shown;
    return LEFT + ((t - t0) / (t1 - t0 || 1)) * (W - LEFT - RIGHT);
  }

  /** Draws the playhead at time `t` (only when it moves a pixel). */
  update(t: number): void {
    const x = Math.round(this.tx(Math.min(Math.max(t, this.shown.t0), this.shown.t1)));
    if (x === this.lastX) return;
    this.lastX = x;
    drawPlayheadLine(this.canvas, this.base, x, 2, this.height - BOTTOM - 2);
  }
}
