/**
 * Playback of one or two episodes (compare mode): panes sharing one playhead, charts, controls and the
 * explanation panel, drawn by one animation loop; binds the page's test hooks to them.
 * @packageDocumentation
 */
import { MACHINE_STATES } from '../../format/types.js';
import { Charts } from './Charts.js';
import { MACHINE_COLOURS, SIGNAL_COLOURS, speedColour } from './colours.js';
import { Controls, rememberedSpeed } from './Controls.js';
import type { Episode } from './Episode.js';
import { ExplainPanel } from './ExplainPanel.js';
import { byId, hooks, showError, thingsOf } from './hooks.js';
import { Pane } from './Pane.js';
import { autoSpeed, frameAt, Playhead } from './Playhead.js';
import { SignalPanel } from './SignalPanel.js';
import { TimeSpacePanel } from './TimeSpacePanel.js';
import { GanttPanel } from './GanttPanel.js';
import { TrafficLayer } from './TrafficLayer.js';

/** What a caller can do with a playing view: take in frames that arrived (live mode). */
export interface PlaybackView {
  refresh(): void;
}

/** Everything one view draws. */
interface View {
  readonly panes: Pane[];
  readonly eps: Episode[];
  readonly ph: Playhead;
  readonly charts: Charts;
  readonly controls: Controls;
  readonly explain: ExplainPanel | null;
  readonly signal: SignalPanel | null;
  readonly timeSpace: TimeSpacePanel | null;
  readonly gantt: GanttPanel | null;
  readonly drawAll: () => void;
}

/** The requestAnimationFrame loop: advances the playhead by wall time and draws; stops on a malformed frame. */
class AnimationLoop {
  private raf = 0;
  private last = performance.now();

  constructor(private readonly view: View) {}

  start(): void {
    if (this.raf) return;
    this.last = performance.now();
    this.raf = requestAnimationFrame(this.tick);
  }

  stop(): void {
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    for (const p of this.view.panes) p.app.ticker.stop();
  }

  private readonly tick = (now: number): void => {
    this.view.ph.advance(now - this.last);
    this.last = now;
    try {
      this.view.drawAll();
    } catch (e) {
      // A malformed frame (columns are checked when first drawn): say so and stop playing.
      this.raf = 0;
      return showError(e instanceof Error ? e.message : String(e));
    }
    hooks.rendered++;
    this.raf = requestAnimationFrame(this.tick);
  };
}

/** Colour key of the scene kind. */
function legend(kind: 'traffic' | 'factory'): HTMLElement {
  const box = document.createElement('div');
  box.className = 'legend';
  const items: [string, number][] =
    kind === 'traffic'
      ? [
          ['vehicle stopped', speedColour(0)],
          ['7 m/s', speedColour(7)],
          ['14 m/s', speedColour(14)],
          ['signal red', SIGNAL_COLOURS.r ?? 0],
          ['amber', SIGNAL_COLOURS.y ?? 0],
          ['green', SIGNAL_COLOURS.g ?? 0],
        ]
      : MACHINE_STATES.map((s, i) => [s, MACHINE_COLOURS[i] ?? 0]);
  for (const [name, c] of items) {
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = `#${c.toString(16).padStart(6, '0')}`;
    box.append(sw, ` ${name} `);
  }
  return box;
}

/** Mean ms per frame of each part of drawing over `n` frames of playback from the current time. */
function profile(v: View, n: number): Record<string, number> {
  const acc = { layers: 0, render: 0, charts: 0, controls: 0 };
  for (let k = 0; k < n; k++) {
    v.ph.seek(v.ph.t + 0.37 * v.ph.speed);
    let a = performance.now();
    for (const p of v.panes) {
      const { i, j, alpha } = frameAt(p.ep.times, p.ep.count, v.ph.t);
      p.layer.draw(i, j, alpha);
    }
    let b = performance.now();
    acc.layers += b - a;
    for (const p of v.panes) p.app.render();
    a = performance.now();
    acc.render += a - b;
    v.charts.update(v.ph.t, v.panes.map((p) => p.frame));
    b = performance.now();
    acc.charts += b - a;
    v.controls.update();
    acc.controls += performance.now() - b;
  }
  return { layers: acc.layers / n, render: acc.render / n, charts: acc.charts / n, controls: acc.controls / n };
}

/** Points the page's test hooks at this view. */
function bindHooks(v: View, loop: AnimationLoop): void {
  const { panes, eps, ph } = v;
  hooks.state = () => ({
    t: ph.t, t0: ph.t0, t1: ph.t1, clock: byId('clock').textContent ?? '', playing: ph.playing, speed: ph.speed,
    frames: panes.map((p) => p.frame), drawn: panes.map((p) => p.layer.drawn()), counts: eps.map((e) => e.count),
  });
  hooks.thingsIn = (pane, i) => thingsOf(eps[pane]?.frames[i]);
  hooks.seek = (t) => ph.seek(t);
  hooks.play = () => void (ph.playing = true);
  hooks.pause = () => void (ph.playing = false);
  hooks.setSpeed = (s) => v.controls.setSpeed(s);
  hooks.stop = () => loop.stop();
  hooks.start = () => loop.start();
  hooks.renderNow = v.drawAll;
  hooks.profile = (n) => profile(v, n);
  hooks.canvases = () => panes.map((p) => p.app.canvas);
  hooks.worldToClient = (k, x, y) => {
    const p = panes[k];
    if (!p) return { x: 0, y: 0 };
    const s = p.viewport.toScreen(x, -y);
    const r = p.app.canvas.getBoundingClientRect();
    return { x: r.left + (s.x * r.width) / p.app.screen.width, y: r.top + (s.y * r.height) / p.app.screen.height };
  };
  hooks.renderers = () => panes.map((p) => p.app.renderer.name);
  hooks.explanation = () => v.explain?.shown ?? null;
  hooks.signal = () => v.signal?.shown ?? null;
  hooks.timeSpace = () => v.timeSpace?.shown ?? null;
  hooks.gantt = () => v.gantt?.shown ?? null;
}

/** One pane per episode; clicking a thing shows it in the inspector and selects it in the explanation panel. */
function createPanes(count: number, labels: string[], explain: { panel: ExplainPanel | null; signal: SignalPanel | null }): Pane[] {
  const stage = byId('stage');
  const inspect = byId('inspect');
  const panes: Pane[] = [];
  for (let k = 0; k < count; k++) {
    const div = document.createElement('div');
    div.className = 'pane';
    stage.appendChild(div);
    panes.push(new Pane(div, (text) => (inspect.textContent = count > 1 ? `${labels[k]}\n${text}` : text), (key) => {
      explain.panel?.select(key);
      explain.panel?.update(panes[0]?.frame ?? 0);
      explain.signal?.select(key);
    }));
  }
  return panes;
}

/**
 * Plays one or two episodes (compare mode) with a shared playhead, charts and controls. The renderers
 * are created while the recordings download.
 *
 * @example
 * ```ts
 * await play([loadEpisode(entry)], (e) => `${entry.name} · ${e.rec.policy}`, false);
 * ```
 */
export async function play(
  loading: Promise<Episode>[],
  labelOf: (ep: Episode, k: number) => string,
  live: boolean,
  check?: (eps: Episode[]) => void,
): Promise<PlaybackView> {
  const labels: string[] = [];
  const explain: { panel: ExplainPanel | null; signal: SignalPanel | null } = { panel: null, signal: null };
  const panes = createPanes(loading.length, labels, explain);
  const [eps] = await Promise.all([Promise.all(loading), Promise.all(panes.map((p) => p.init()))]);
  check?.(eps);
  panes.forEach((pane, k) => {
    const ep = eps[k];
    pane.show(ep);
    labels[k] = labelOf(ep, k);
    const lab = document.createElement('div');
    lab.className = `label legend-${k === 0 ? 'a' : 'b'}`;
    lab.textContent = labels[k] ?? '';
    pane.el.appendChild(lab);
  });
  const first = eps[0];
  if (first) byId('side').insertBefore(legend(first.rec.scene.kind), byId('inspect'));
  // Explanations of the (first) episode's learned policy, for the selected intersection or machine.
  if (first?.rec.explain !== undefined) explain.panel = new ExplainPanel(byId('explain'), first);
  // Phase, stage diagram and queues of the selected junction (traffic)
  if (first?.rec.scene.kind === 'traffic') explain.signal = new SignalPanel(byId('signal'), first);
  // Time-space diagram of a corridor (two or more signals in a row), recordings only
  const timeSpace = first && !live ? TimeSpacePanel.create(byId('timespace'), first) : null;
  // Gantt chart of a factory recording
  const gantt = first && !live ? GanttPanel.create(byId('gantt'), first) : null;
  byId('title').textContent = first ? `${first.rec.env} · ${eps.map((e) => e.rec.policy).join(' vs ')}` : 'tsgym';
  const ph = new Playhead();
  ph.follow = live;
  const range = (): void => ph.setRange(Math.min(...eps.map((e) => e.t0)), Math.max(...eps.map((e) => e.t1)));
  range();
  ph.seek(ph.t0);
  const charts = new Charts(byId('charts'), eps);
  const stepBy = (dir: 1 | -1): void => {
    ph.playing = false;
    const ep = eps[0];
    if (!ep) return;
    const { i, alpha } = frameAt(ep.times, ep.count, ph.t);
    const target = dir > 0 ? i + 1 : alpha > 0 ? i : i - 1;
    ph.seek(ep.times[Math.min(Math.max(target, 0), ep.count - 1)] ?? ph.t);
  };
  const controls = new Controls(
    ph,
    stepBy,
    (by) => panes.forEach((p) => (p.layer.colourBy = by)),
    () => panes.forEach((p) => p.toggleFit()),
  );
  const drawAll = (): void => {
    for (const p of panes) p.draw(ph.t);
    charts.update(
      ph.t,
      panes.map((p) => p.frame),
    );
    explain.panel?.update(panes[0]?.frame ?? 0);
    const p0 = panes[0];
    if (explain.signal && p0?.layer instanceof TrafficLayer) explain.signal.update(p0.frame, ph.t, p0.layer.track());
    timeSpace?.update(ph.t);
    gantt?.update(ph.t);
    controls.update();
  };
  const view: View = { panes, eps, ph, charts, controls, explain: explain.panel, signal: explain.signal, timeSpace, gantt, drawAll };
  const loop = new AnimationLoop(view);
  drawAll();
  hooks.openMs = performance.now();
  hooks.ready = true;
  bindHooks(view, loop);
  if (live) ph.playing = true;
  else {
    // open playing, at a speed that shows the episode in about a minute (or the one chosen last time)
    controls.setSpeed(rememberedSpeed() ?? autoSpeed(ph.t1 - ph.t0));
    ph.playing = new URLSearchParams(location.search).get('autoplay') !== '0';
  }
  loop.start();
  return {
    refresh: () => {
      range();
      charts.build();
    },
  };
}
