import type { Episode } from './Episode.js';
import { formatClock } from './Playhead.js';

const COLOURS = ['#4fc3f7', '#ffb74d'] as const;
const W = 300;
const H = 80;
/** Height of the time axis strip under each series (px). */
const AXIS = 12;

/** Metric names shown first when present (queue, waiting, reward, throughput), then the rest. */
const PREFERRED = [/^meanDelay$/, /^queue$/, /wait/i, /^reward$/, /throughput/i, /wip/i, /tardiness/i, /delay/i];

/** Network- or line-level metrics first; per-junction and per-machine ones (`J0.controlDelay`, `drill.blocked`) only if room is left. */
function pick(keys: string[], max: number): string[] {
  const score = (k: string): number => {
    const i = PREFERRED.findIndex((re) => re.test(k));
    return i < 0 ? PREFERRED.length : i;
  };
  const dotted = (k: string): number => (k.includes('.') ? 1 : 0);
  return [...keys].sort((a, b) => dotted(a) - dotted(b) || score(a) - score(b) || a.localeCompare(b)).slice(0, max);
}

/** Whether a series says anything: some finite value other than 0 (an all-zero or empty metric gets no chart). */
function hasData(s: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < Math.min(n, s.length); i++) {
    const v = s[i] ?? Number.NaN;
    if (Number.isFinite(v) && v !== 0) return true;
  }
  return false;
}

interface Chart {
  key: string;
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  value: HTMLElement;
  /** Series drawn once into an offscreen canvas; the playhead line is drawn over it each frame. */
  base: HTMLCanvasElement;
  baseCount: number;
  /** Playhead pixel and value text drawn last (skip work when unchanged). */
  lastX: number;
  lastText: string;
}

/** Time-series charts of an episode's metrics (one or two episodes on shared axes) with a playhead. */
export class Charts {
  private readonly charts: Chart[] = [];
  private t0 = 0;
  private t1 = 1;

  constructor(private readonly root: HTMLElement, private readonly eps: readonly Episode[]) {
    this.build();
  }

  /** Rebuilds the chart list (live episodes gain metrics as they run). */
  build(): void {
    const keys = new Set<string>();
    for (const ep of this.eps) for (const [k, s] of ep.series) if (hasData(s, ep.count)) keys.add(k);
    const wanted = pick([...keys], 8);
    if (wanted.join() === this.charts.map((c) => c.key).join()) return;
    this.root.textContent = '';
    this.charts.length = 0;
    for (const key of wanted) {
      const box = document.createElement('div');
      box.className = 'chart';
      box.dataset.key = key;
      const name = document.createElement('div');
      name.className = 'name';
      const title = document.createElement('span');
      title.textContent = key;
      const value = document.createElement('span');
      value.className = 'value';
      name.append(title, value);
      const canvas = document.createElement('canvas');
      canvas.width = W;
      canvas.height = H;
      box.append(name, canvas);
      this.root.appendChild(box);
      const ctx = canvas.getContext('2d');
      const base = document.createElement('canvas');
      base.width = W;
      base.height = H;
      if (ctx) this.charts.push({ key, canvas, ctx, value, base, baseCount: -1, lastX: -1, lastText: '' });
    }
  }

  private drawBase(c: Chart): void {
    const ctx = c.base.getContext('2d');
    if (!ctx) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (const ep of this.eps) {
      const s = ep.series.get(c.key);
      if (!s) continue;
      for (let i = 0; i < ep.count; i++) {
        const v = s[i] ?? Number.NaN;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (!(hi >= lo)) { lo = 0; hi = 1; }
    if (hi === lo) { hi += 1; lo -= 1; }
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = '#6b7280';
    ctx.font = '10px sans-serif';
    const P = H - AXIS;
    ctx.fillText(String(+hi.toPrecision(3)), 2, 10);
    ctx.fillText(String(+lo.toPrecision(3)), 2, P - 2);
    // time axis: the clock at the start, middle and end of the episode
    ctx.strokeStyle = '#3a3d42';
    ctx.beginPath();
    ctx.moveTo(0, P + 0.5);
    ctx.lineTo(W, P + 0.5);
    ctx.stroke();
    ctx.textAlign = 'left';
    ctx.fillText(formatClock(this.t0).replace(/\.\d$/, ''), 2, H - 1);
    ctx.textAlign = 'center';
    ctx.fillText(formatClock((this.t0 + this.t1) / 2).replace(/\.\d$/, ''), W / 2, H - 1);
    ctx.textAlign = 'right';
    ctx.fillText(formatClock(this.t1).replace(/\.\d$/, ''), W - 2, H - 1);
    ctx.textAlign = 'left';
    const span = this.t1 - this.t0 || 1;
    this.eps.forEach((ep, e) => {
      const s = ep.series.get(c.key);
      if (!s) return;
      ctx.strokeStyle = COLOURS[e % COLOURS.length] ?? '#fff';
      ctx.lineWidth = 1.2;
      ctx.beginPath();
      // One point per pixel column at most: long episodes stay cheap to draw.
      let lastX = -1;
      for (let i = 0; i < ep.count; i++) {
        const x = (((ep.times[i] ?? 0) - this.t0) / span) * (W - 1);
        const v = s[i] ?? Number.NaN;
        if (Number.isNaN(v) || (Math.floor(x) === lastX && i < ep.count - 1)) continue;
        const y = P - 3 - ((v - lo) / (hi - lo)) * (P - 6);
        if (lastX < 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
        lastX = Math.floor(x);
      }
      ctx.stroke();
    });
    c.baseCount = this.eps.reduce((a, ep) => a + ep.count, 0);
  }

  /** Redraws the playhead at time `t` (and the series when the episodes grew). */
  update(t: number, frameIndexes: readonly number[]): void {
    const t0 = Math.min(...this.eps.map((e) => e.t0));
    const t1 = Math.max(...this.eps.map((e) => e.t1));
    const total = this.eps.reduce((a, ep) => a + ep.count, 0);
    if (t0 !== this.t0 || t1 !== this.t1) {
      this.t0 = t0;
      this.t1 = t1;
      for (const c of this.charts) c.baseCount = -1;
    }
    for (const c of this.charts) {
      const rebuilt = c.baseCount !== total;
      if (rebuilt) this.drawBase(c);
      const x = Math.round(((t - this.t0) / (this.t1 - this.t0 || 1)) * (W - 1));
      if (rebuilt || x !== c.lastX) {
        c.ctx.clearRect(0, 0, W, H);
        c.ctx.drawImage(c.base, 0, 0);
        c.ctx.strokeStyle = '#e0e0e0';
        c.ctx.beginPath();
        c.ctx.moveTo(x + 0.5, 0);
        c.ctx.lineTo(x + 0.5, H);
        c.ctx.stroke();
        c.canvas.dataset.playheadX = String(x);
        c.lastX = x;
      }
      let text = '';
      for (let e = 0; e < this.eps.length; e++) {
        const v = this.eps[e]?.series.get(c.key)?.[frameIndexes[e] ?? 0];
        text += `${e ? ' | ' : ''}${v === undefined || Number.isNaN(v) ? '-' : String(+v.toPrecision(4))}`;
      }
      if (text !== c.lastText) {
        c.value.textContent = text;
        c.lastText = text;
      }
    }
  }
}
