import { Application, Graphics } from 'pixi.js';
import type { Texture } from 'pixi.js';
import { Viewport } from 'pixi-viewport';
import type { Episode } from './Episode.js';
import { FactoryLayer } from './FactoryLayer.js';
import { frameAt } from './Playhead.js';
import type { SceneLayer } from './SceneLayer.js';
import { TrafficLayer } from './TrafficLayer.js';

/** Background colour of every pane (tests count pixels that differ from it). */
export const BACKGROUND = 0x1d2024;

/** Scale bar lengths to choose from (m). */
const SCALE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];
/** The scale bar is at most this long on screen (px). */
const SCALE_MAX_PX = 150;

/** The longest of SCALE_STEPS that fits in SCALE_MAX_PX at `pxPerM` screen px per metre. */
export function scaleLength(pxPerM: number): number {
  let best = SCALE_STEPS[0] ?? 1;
  for (const m of SCALE_STEPS) if (m * pxPerM <= SCALE_MAX_PX) best = m;
  return best;
}

/** One episode drawn in its own canvas with pan/zoom. */
export class Pane {
  readonly app = new Application();
  layer!: SceneLayer;
  viewport!: Viewport;
  /** Frame index drawn last. */
  frame = 0;

  private epRef: Episode | null = null;
  /** Scale bar (traffic scenes: metres). */
  readonly scaleBar = document.createElement('div');
  private scaleFor = Number.NaN;

  constructor(
    readonly el: HTMLElement,
    private readonly onInspect: (text: string) => void,
    private readonly onSelect: (key: string) => void = () => undefined,
  ) {}

  get ep(): Episode {
    if (!this.epRef) throw new Error('Pane has no episode yet');
    return this.epRef;
  }

  /** Creates the renderer (runs while the recording downloads). */
  async init(): Promise<void> {
    await this.app.init({ background: BACKGROUND, antialias: false, autoStart: false, resizeTo: this.el, preference: 'webgl', sharedTicker: false });
    this.app.ticker.stop();
    // Batch shaders are generated for this many textures; on software WebGL (SwiftShader) compiling the
    // 16-texture variant dominates start-up, and scenes here use a handful of textures.
    const limits = this.app.renderer.limits as { maxBatchableTextures: number };
    limits.maxBatchableTextures = Math.min(limits.maxBatchableTextures, 4);
    this.el.appendChild(this.app.canvas);
  }

  /** Builds the scene of `ep` and wires pan/zoom, click-to-inspect and click-to-select (explanations). */
  show(ep: Episode): void {
    this.epRef = ep;
    const circle: Texture = this.app.renderer.generateTexture(new Graphics().circle(16, 16, 16).fill(0xffffff));
    this.layer = this.ep.rec.scene.kind === 'traffic' ? new TrafficLayer(this.ep, circle) : new FactoryLayer(this.ep, circle);
    const w = this.layer.world;
    this.viewport = new Viewport({
      screenWidth: this.el.clientWidth,
      screenHeight: this.el.clientHeight,
      worldWidth: w.width,
      worldHeight: w.height,
      events: this.app.renderer.events,
      ticker: this.app.ticker,
    });
    this.viewport.drag().pinch().wheel().decelerate();
    this.viewport.addChild(this.layer.root);
    this.app.stage.addChild(this.viewport);
    if (ep.rec.scene.kind === 'traffic') {
      this.scaleBar.className = 'scalebar';
      this.scaleBar.append(document.createElement('span'), document.createElement('div'));
      this.el.appendChild(this.scaleBar);
    }
    this.fit();
    // Click (press and release without dragging) inspects the nearest thing.
    let down: { x: number; y: number } | null = null;
    const canvas = this.app.canvas;
    canvas.addEventListener('pointerdown', (e) => (down = { x: e.clientX, y: e.clientY }));
    canvas.addEventListener('pointerup', (e) => {
      if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > 4) return;
      down = null;
      const r = canvas.getBoundingClientRect();
      const p = this.viewport.toWorld(((e.clientX - r.left) * this.app.screen.width) / r.width, ((e.clientY - r.top) * this.app.screen.height) / r.height);
      const text = this.layer.inspect(p.x, p.y);
      if (text !== null) this.onInspect(text);
      const key = this.layer.select(p.x, p.y);
      if (key !== null) this.onSelect(key);
    });
    this.app.renderer.on('resize', (width: number, height: number) => {
      this.viewport.resize(width, height);
      this.fit(this.whole);
    });
  }

  /** The inspector text last shown for a followed thing. */
  private followText: string | null = null;
  /** Whether the last fit showed the whole scene rather than its focus. */
  private whole = false;

  /** Fits the scene's focus (traffic: the signals with their approaches) in view, or everything with `whole`. */
  fit(whole = false): void {
    this.whole = whole;
    const w = whole ? this.layer.world : (this.layer.focus ?? this.layer.world);
    this.viewport.fit(true, w.width * 1.05, w.height * 1.05);
    this.viewport.moveCenter(w.x + w.width / 2, w.y + w.height / 2);
  }

  /** The `f` key: switches between the focus and the whole scene. */
  toggleFit(): void {
    this.fit(!this.whole);
  }

  /** Draws the state at simulated time `t` and renders. */
  draw(t: number): void {
    const { i, j, alpha } = frameAt(this.ep.times, this.ep.count, t);
    if (i < 0) return;
    this.frame = i;
    this.layer.draw(i, j, alpha);
    const text = this.layer.followed?.() ?? null;
    if (text !== null && text !== this.followText) this.onInspect(text);
    this.followText = text;
    this.app.render();
    this.updateScale();
  }

  /** Sizes the scale bar for the current zoom (only when it changed). */
  private updateScale(): void {
    if (!this.scaleBar.isConnected) return;
    const r = this.app.canvas.getBoundingClientRect();
    const pxPerM = (Math.abs(this.viewport.scale.x) * r.width) / (this.app.screen.width || 1);
    if (pxPerM === this.scaleFor) return;
    this.scaleFor = pxPerM;
    const m = scaleLength(pxPerM);
    const [label, bar] = [this.scaleBar.firstElementChild, this.scaleBar.lastElementChild] as [HTMLElement, HTMLElement];
    label.textContent = m >= 1000 ? `${m / 1000} km` : `${m} m`;
    bar.style.width = `${Math.round(m * pxPerM)}px`;
    this.scaleBar.dataset.metres = String(m);
    this.scaleBar.dataset.px = String(m * pxPerM);
  }

  destroy(): void {
    this.app.destroy(true, { children: true });
  }
}
