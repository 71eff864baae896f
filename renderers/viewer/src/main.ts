import 'pixi.js/unsafe-eval';
import './style.css';
import type { EpisodeSummary, Frame, RecordingHeader } from '../../format/types.js';
import { MACHINE_STATES } from '../../format/types.js';
import { Charts } from './Charts.js';
import { MACHINE_COLOURS, SIGNAL_COLOURS, speedColour } from './colours.js';
import { Controls } from './Controls.js';
import { Episode } from './Episode.js';
import { ExplainPanel } from './ExplainPanel.js';
import type { ShownExplanation } from './ExplainPanel.js';
import { listEpisodes, loadEpisode } from './loadEpisode.js';
import type { RecordingEntry } from './loadEpisode.js';
import { Pane } from './Pane.js';
import { frameAt, Playhead } from './Playhead.js';

/** Hooks for tests and benchmarks (`window.tsgym`). */
export interface ViewerHooks {
  ready: boolean;
  error: string | null;
  /** ms from navigation start to the first frame drawn. */
  openMs: number;
  /** Frames rendered by the animation loop so far. */
  rendered: number;
  mode: 'single' | 'compare' | 'live' | 'picker';
  state(): { t: number; t0: number; t1: number; clock: string; playing: boolean; speed: number; frames: number[]; drawn: number[]; counts: number[] };
  /** Number of vehicles (traffic) or jobs (factory) in frame `i` of pane `pane`. */
  thingsIn(pane: number, i: number): number;
  seek(t: number): void;
  play(): void;
  pause(): void;
  setSpeed(s: number): void;
  /** Stops the animation loop (and every ticker). */
  stop(): void;
  /** Restarts the animation loop. */
  start(): void;
  /** Draws every pane at the current time, synchronously. */
  renderNow(): void;
  canvases(): HTMLCanvasElement[];
  /** Page (client) coordinates of world point (x, y) in recording units (y up) of pane `pane`. */
  worldToClient(pane: number, x: number, y: number): { x: number; y: number };
  /** Pixi renderer names by pane (`webgl`, `webgpu` or `canvas`). */
  renderers(): string[];
  /** Mean ms per frame of each part of drawing over `n` frames of playback from the current time. */
  profile(n: number): Record<string, number>;
  /** What the explanation panel shows now (null: no explanations, nothing selected or no decision yet). */
  explanation(): ShownExplanation | null;
}

const hooks: ViewerHooks = {
  ready: false,
  error: null,
  openMs: 0,
  rendered: 0,
  mode: 'single',
  state: () => ({ t: 0, t0: 0, t1: 0, clock: '', playing: false, speed: 1, frames: [], drawn: [], counts: [] }),
  thingsIn: () => 0,
  seek: () => undefined,
  play: () => undefined,
  pause: () => undefined,
  setSpeed: () => undefined,
  stop: () => undefined,
  start: () => undefined,
  renderNow: () => undefined,
  canvases: () => [],
  worldToClient: () => ({ x: 0, y: 0 }),
  renderers: () => [],
  profile: () => ({}),
  explanation: () => null,
};
(window as unknown as { tsgym: ViewerHooks }).tsgym = hooks;

function byId(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`viewer page lacks #${id}`);
  return e;
}

function showError(msg: string): void {
  hooks.error = msg;
  const e = byId('error');
  e.textContent = msg;
  e.hidden = false;
}

function thingsOf(f: Frame | undefined): number {
  return f?.vehicles?.n ?? f?.jobs?.id.length ?? 0;
}

/**
 * Plays one or two episodes (compare mode) with a shared playhead, charts and controls. The renderers
 * are created while the recordings download.
 */
async function play(loading: Promise<Episode>[], labelOf: (ep: Episode, k: number) => string, live: boolean, check?: (eps: Episode[]) => void): Promise<{ refresh: () => void }> {
  const stage = byId('stage');
  const inspect = byId('inspect');
  const panes: Pane[] = [];
  const labels: string[] = [];
  let explain: ExplainPanel | null = null;
  for (let k = 0; k < loading.length; k++) {
    const div = document.createElement('div');
    div.className = 'pane';
    stage.appendChild(div);
    panes.push(new Pane(div, (text) => (inspect.textContent = loading.length > 1 ? `${labels[k]}\n${text}` : text), (key) => {
      explain?.select(key);
      explain?.update(panes[0]?.frame ?? 0);
    }));
  }
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
  if (first?.rec.explain !== undefined) explain = new ExplainPanel(byId('explain'), first);
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
    () => panes.forEach((p) => p.fit()),
  );
  const drawAll = (): void => {
    for (const p of panes) p.draw(ph.t);
    charts.update(ph.t, panes.map((p) => p.frame));
    explain?.update(panes[0]?.frame ?? 0);
    controls.update();
  };
  let raf = 0;
  let last = performance.now();
  const loop = (now: number): void => {
    ph.advance(now - last);
    last = now;
    try {
      drawAll();
    } catch (e) {
      // A malformed frame (columns are checked when first drawn): say so and stop playing.
      raf = 0;
      return showError(e instanceof Error ? e.message : String(e));
    }
    hooks.rendered++;
    raf = requestAnimationFrame(loop);
  };
  drawAll();
  hooks.openMs = performance.now();
  hooks.ready = true;
  hooks.state = () => ({
    t: ph.t,
    t0: ph.t0,
    t1: ph.t1,
    clock: byId('clock').textContent ?? '',
    playing: ph.playing,
    speed: ph.speed,
    frames: panes.map((p) => p.frame),
    drawn: panes.map((p) => p.layer.drawn()),
    counts: eps.map((e) => e.count),
  });
  hooks.thingsIn = (pane, i) => thingsOf(eps[pane]?.frames[i]);
  hooks.seek = (t) => ph.seek(t);
  hooks.play = () => void (ph.playing = true);
  hooks.pause = () => void (ph.playing = false);
  hooks.setSpeed = (s) => controls.setSpeed(s);
  hooks.stop = () => {
    cancelAnimationFrame(raf);
    raf = 0;
    for (const p of panes) p.app.ticker.stop();
  };
  hooks.start = () => {
    if (raf) return;
    last = performance.now();
    raf = requestAnimationFrame(loop);
  };
  hooks.renderNow = drawAll;
  hooks.profile = (n) => {
    const acc = { layers: 0, render: 0, charts: 0, controls: 0 };
    for (let k = 0; k < n; k++) {
      ph.seek(ph.t + 0.37 * ph.speed);
      let a = performance.now();
      for (const p of panes) {
        const { i, j, alpha } = frameAt(p.ep.times, p.ep.count, ph.t);
        p.layer.draw(i, j, alpha);
      }
      let b = performance.now();
      acc.layers += b - a;
      for (const p of panes) p.app.render();
      a = performance.now();
      acc.render += a - b;
      charts.update(ph.t, panes.map((p) => p.frame));
      b = performance.now();
      acc.charts += b - a;
      controls.update();
      acc.controls += performance.now() - b;
    }
    return { layers: acc.layers / n, render: acc.render / n, charts: acc.charts / n, controls: acc.controls / n };
  };
  hooks.canvases = () => panes.map((p) => p.app.canvas);
  hooks.worldToClient = (k, x, y) => {
    const p = panes[k];
    if (!p) return { x: 0, y: 0 };
    const s = p.viewport.toScreen(x, -y);
    const r = p.app.canvas.getBoundingClientRect();
    return { x: r.left + (s.x * r.width) / p.app.screen.width, y: r.top + (s.y * r.height) / p.app.screen.height };
  };
  hooks.renderers = () => panes.map((p) => p.app.renderer.name);
  hooks.explanation = () => explain?.shown ?? null;
  if (live) ph.playing = true;
  raf = requestAnimationFrame(loop);
  return {
    refresh: () => {
      range();
      charts.build();
    },
  };
}

/** Colour key of the scene kind. */
function legend(kind: 'traffic' | 'factory'): HTMLElement {
  const box = document.createElement('div');
  box.className = 'legend';
  const items: [string, number][] =
    kind === 'traffic'
      ? [['stopped', speedColour(0)], ['7 m/s', speedColour(7)], ['14 m/s', speedColour(14)], ['red', SIGNAL_COLOURS.r ?? 0], ['amber', SIGNAL_COLOURS.y ?? 0], ['green', SIGNAL_COLOURS.g ?? 0]]
      : MACHINE_STATES.map((s, i) => [s, MACHINE_COLOURS[i] ?? 0]);
  for (const [name, c] of items) {
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = `#${c.toString(16).padStart(6, '0')}`;
    box.append(sw, ` ${name} `);
  }
  return box;
}

function showPicker(list: RecordingEntry[]): void {
  hooks.mode = 'picker';
  const box = byId('picker');
  box.hidden = false;
  const h = document.createElement('h3');
  h.textContent = list.length ? 'Recordings' : 'No recordings in this folder';
  box.appendChild(h);
  const ul = document.createElement('ul');
  for (const r of list) {
    const li = document.createElement('li');
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.value = String(r.id);
    const a = document.createElement('a');
    a.href = `?rec=${r.id}`;
    a.textContent = `${r.name} (${(r.bytes / 1024).toFixed(0)} KiB)`;
    li.append(cb, ' ', a);
    ul.appendChild(li);
  }
  box.appendChild(ul);
  const btn = document.createElement('button');
  btn.textContent = 'Compare the two ticked';
  btn.addEventListener('click', () => {
    const ticked = [...ul.querySelectorAll('input:checked')].map((c) => (c as HTMLInputElement).value);
    if (ticked.length === 2) location.search = `?compare=${ticked.join(',')}`;
  });
  box.appendChild(btn);
}

function startLive(): void {
  hooks.mode = 'live';
  let ep: Episode | null = null;
  let pending: Frame[] = [];
  let view: { refresh: () => void } | null = null;
  let starting = false;
  let attempts = 0;
  byId('title').textContent = 'tsgym · waiting for a live episode…';
  const onMessage = (ev: MessageEvent): void => {
    const msg = JSON.parse(String(ev.data)) as { type: string; header?: RecordingHeader; frame?: Frame; summary?: EpisodeSummary };
    if (msg.type === 'header' && msg.header) {
      if (msg.header.format !== 'tsgym-episode' || (msg.header.version !== 1 && msg.header.version !== 2)) return showError('Live stream is not a version-1 or version-2 tsgym episode');
      if (ep) return void location.reload();
      ep = new Episode(msg.header);
    } else if (msg.type === 'frame' && msg.frame && ep) {
      if (view) {
        ep.push(msg.frame);
        view.refresh();
      } else {
        pending.push(msg.frame);
        if (!starting) {
          starting = true;
          const e = ep;
          for (const f of pending) e.push(f);
          pending = [];
          play([Promise.resolve(e)], (x) => `${x.rec.policy} (live)`, true)
            .then((v) => {
              view = v;
              for (const f of pending) e.push(f);
              pending = [];
              v.refresh();
            })
            .catch((err: unknown) => showError(err instanceof Error ? err.message : String(err)));
        }
      }
    } else if (msg.type === 'end') {
      byId('title').textContent += ' · episode finished';
    }
  };
  // Reconnects a few times (the server may still be starting, or briefly busy).
  const connect = (): void => {
    const ws = new WebSocket(`ws://${location.host}/live`);
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', () => {
      if (ep !== null) return;
      if (++attempts > 5) return showError('Live connection failed: is `tsgym eval --live` (or the view server) still running?');
      setTimeout(connect, 300 * attempts);
    });
  };
  connect();
}

async function boot(): Promise<void> {
  const q = new URLSearchParams(location.search);
  if (q.get('live') === '1') return startLive();
  const cmp = q.get('compare');
  const recParam = q.get('rec');
  // Start downloading at once (the list is only needed for names and the picker).
  const listing = listEpisodes();
  if (cmp) {
    hooks.mode = 'compare';
    const ids = cmp.split(',').map(Number);
    if (ids.length !== 2 || ids.some((i) => !Number.isInteger(i) || i < 0)) throw new Error(`compare needs two recording ids, got '${cmp}'`);
    const list = await listing;
    const entries = ids.map((id) => list.find((r) => r.id === id));
    if (entries.some((e) => !e)) throw new Error(`compare needs two recording ids, got '${cmp}'`);
    await play(
      entries.map((e) => loadEpisode(e as RecordingEntry)),
      (e, k) => `${entries[k]?.name ?? ''} · ${e.rec.policy}`,
      false,
      ([a, b]) => {
        if (a && b && (a.rec.env !== b.rec.env || a.rec.scene.kind !== b.rec.scene.kind)) {
          throw new Error(`Cannot compare a ${a.rec.env} recording with a ${b.rec.env} one: compare two recordings of the same scenario`);
        }
      },
    );
    return;
  }
  if (recParam !== null) {
    const id = Number(recParam);
    const loading = loadEpisode({ id, name: `recording ${recParam}`, bytes: 0 });
    loading.catch(() => undefined); // reported by play() below, or superseded by the id check
    const list = await listing;
    const entry = list.find((r) => r.id === id);
    if (!entry) throw new Error(`No recording with id ${recParam}`);
    await play([loading], (e) => `${entry.name} · ${e.rec.policy}`, false);
    document.title = `${entry.name} – tsgym viewer`;
    return;
  }
  const list = await listing;
  const only = list.length === 1 ? list[0] : undefined;
  if (only) {
    await play([loadEpisode(only)], (e) => `${only.name} · ${e.rec.policy}`, false);
    document.title = `${only.name} – tsgym viewer`;
    return;
  }
  if (list.length === 0) return startLive();
  showPicker(list);
}

boot().catch((e: unknown) => showError(e instanceof Error ? e.message : String(e)));
