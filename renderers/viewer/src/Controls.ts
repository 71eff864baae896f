import { formatClock, SPEEDS } from './Playhead.js';
import type { Playhead } from './Playhead.js';

const SPEED_KEY = 'tsgym.viewer.speed';

/** The speed a person chose last time (local storage), or null. */
export function rememberedSpeed(): number | null {
  try {
    const v = Number(localStorage.getItem(SPEED_KEY));
    return (SPEEDS as readonly number[]).includes(v) ? v : null;
  } catch {
    return null;
  }
}

function rememberSpeed(s: number): void {
  try {
    localStorage.setItem(SPEED_KEY, String(s));
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

function el<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`viewer page lacks #${id}`);
  return e as T;
}

/** Play/pause, step, speed, timeline and keyboard shortcuts, all driving one Playhead. */
export class Controls {
  private readonly play = el<HTMLButtonElement>('play');
  private readonly timeline = el<HTMLInputElement>('timeline');
  private readonly clock = el<HTMLElement>('clock');
  private readonly speed = el<HTMLSelectElement>('speed');
  private readonly colour = el<HTMLSelectElement>('colour');
  private lastClock = '';
  private scrubbing = false;
  private lastT0 = Number.NaN;
  private lastT1 = Number.NaN;
  private lastT = Number.NaN;

  constructor(
    private readonly ph: Playhead,
    private readonly stepBy: (dir: 1 | -1) => void,
    private readonly onColour: (by: 'speed' | 'wait') => void,
    private readonly onFit: () => void,
  ) {
    el('controls').hidden = false;
    for (const s of SPEEDS) {
      const o = document.createElement('option');
      o.value = String(s);
      o.textContent = `${s}x`;
      this.speed.appendChild(o);
    }
    this.speed.value = String(ph.speed);
    this.timeline.step = 'any';
    this.play.addEventListener('click', () => this.toggle());
    el('step').addEventListener('click', () => this.stepBy(1));
    el('back').addEventListener('click', () => this.stepBy(-1));
    this.speed.addEventListener('change', () => {
      this.ph.speed = Number(this.speed.value);
      rememberSpeed(this.ph.speed);
    });
    this.timeline.addEventListener('input', () => {
      this.ph.seek(Number(this.timeline.value));
    });
    this.timeline.addEventListener('pointerdown', () => (this.scrubbing = true));
    window.addEventListener('pointerup', () => (this.scrubbing = false));
    this.colour.addEventListener('change', () => this.onColour(this.colour.value === 'wait' ? 'wait' : 'speed'));
    window.addEventListener('keydown', (e) => this.key(e));
  }

  toggle(): void {
    if (!this.ph.playing && this.ph.t >= this.ph.t1 && !this.ph.follow) this.ph.seek(this.ph.t0);
    this.ph.playing = !this.ph.playing;
  }

  setSpeed(s: number): void {
    this.ph.speed = s;
    this.speed.value = String(s);
  }

  private faster(dir: 1 | -1): void {
    const i = SPEEDS.findIndex((s) => s === this.ph.speed);
    const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, (i < 0 ? 2 : i) + dir))];
    if (next !== undefined) this.setSpeed(next);
  }

  private key(e: KeyboardEvent): void {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) {
      if (e.key !== ' ') return;
    }
    const actions: Record<string, () => void> = {
      ' ': () => this.toggle(),
      ArrowRight: () => this.stepBy(1),
      ArrowLeft: () => this.stepBy(-1),
      '+': () => this.faster(1),
      '=': () => this.faster(1),
      '-': () => this.faster(-1),
      Home: () => this.ph.seek(this.ph.t0),
      End: () => this.ph.seek(this.ph.t1),
      c: () => {
        this.colour.value = this.colour.value === 'speed' ? 'wait' : 'speed';
        this.onColour(this.colour.value === 'wait' ? 'wait' : 'speed');
      },
      f: () => this.onFit(),
    };
    const act = actions[e.key];
    if (act) {
      e.preventDefault();
      act();
    }
  }

  /** Reflects the playhead in the widgets (cheap when nothing changed). */
  update(): void {
    const { t0, t1, t } = this.ph;
    if (t0 !== this.lastT0 || t1 !== this.lastT1) {
      this.timeline.min = String(t0);
      this.timeline.max = String(t1);
      this.lastT0 = t0;
      this.lastT1 = t1;
      this.lastT = Number.NaN;
    }
    // Moving the slider costs a layout: only when the thumb moves by a visible step.
    if (!this.scrubbing && !(Math.abs(t - this.lastT) < (t1 - t0) / 2000)) {
      this.timeline.value = String(t);
      this.lastT = t;
    }
    const c = formatClock(this.ph.t);
    if (c !== this.lastClock) {
      this.clock.textContent = c;
      this.lastClock = c;
    }
    const label = this.ph.playing ? 'Pause' : 'Play';
    if (this.play.textContent !== label) this.play.textContent = label;
  }
}
