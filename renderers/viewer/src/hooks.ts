/**
 * The viewer's hooks for tests and benchmarks (`window.tsgym`): what a browser test reads (ready, error,
 * open time, state) and drives (seek, play, stop, render a fixed frame). `play()` binds them to the episode shown.
 * @packageDocumentation
 */
import type { Frame } from '../../format/types.js';
import type { ShownExplanation } from './ExplainPanel.js';
import type { ShownSignal } from './SignalPanel.js';
import type { ShownTimeSpace } from './TimeSpacePanel.js';
import type { ShownGantt } from './GanttPanel.js';

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
  /** What the signal panel shows now (traffic; null otherwise). */
  signal(): ShownSignal | null;
  /** Layout of the time-space diagram (a corridor of two or more signals; null otherwise). */
  timeSpace(): ShownTimeSpace | null;
  /** Layout and bars of the Gantt chart (factory recordings; null otherwise). */
  gantt(): ShownGantt | null;
}

/** The page's hooks (defaults until an episode is shown). */
export const hooks: ViewerHooks = {
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
  signal: () => null,
  timeSpace: () => null,
  gantt: () => null,
};
(window as unknown as { tsgym: ViewerHooks }).tsgym = hooks;

/** The element with this id, or an error naming it. */
export function byId(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`viewer page lacks #${id}`);
  return e;
}

/** Shows `msg` in the page's error box and in `hooks.error`. */
export function showError(msg: string): void {
  hooks.error = msg;
  const e = byId('error');
  e.textContent = msg;
  e.hidden = false;
}

/** Vehicles (traffic) or jobs (factory) in a frame. */
export function thingsOf(f: Frame | undefined): number {
  return f?.vehicles?.n ?? f?.jobs?.id.length ?? 0;
}

