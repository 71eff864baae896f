import { explainNames } from '../../format/parseRecording.js';
import type { FrameExplanation } from '../../format/types.js';
import { humanLabel } from './approaches.js';
import type { Episode } from './Episode.js';
import { formatClock } from './Playhead.js';

/** Attributions listed, largest magnitude first. */
export const TOP_FEATURES = 8;

/** What the panel shows (also read by tests through `window.tsgym.explanation()`). */
export interface ShownExplanation {
  readonly key: string;
  /** Index of the frame holding the explanation (the decision applied in the step leading to it). */
  readonly frame: number;
  readonly kind: FrameExplanation['kind'];
  /** `label`/`feature`: as recorded; `name`: as shown (traffic: approach and movement, `queue, northbound left`). */
  readonly actions: { readonly label: string; readonly name: string; readonly value: number; readonly chosen: boolean }[];
  readonly top: { readonly feature: string; readonly name: string; readonly attribution: number }[];
}

function fmt(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : v.toFixed(a < 1 ? 3 : 2);
}

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * The latest explanation of agent `key` at frame `i`: the decision taken from the state shown at frame
 * `i` is stored in frame `i + 1` (a frame explains the action applied in the step leading to it), so
 * the search starts there and goes back to the last decision about `key` (factory machines decide now
 * and then).
 */
export function findExplanation(ep: Episode, i: number, key: string): { frame: number; e: FrameExplanation } | null {
  for (let j = Math.min(i + 1, ep.count - 1); j >= 0; j--) {
    const e = ep.frames[j]?.explanations?.[key];
    if (e !== undefined) return { frame: j, e };
  }
  return null;
}

/**
 * The shown form of an explanation: labelled values, chosen action, top attributions by magnitude.
 *
 * @example
 * ```ts
 * describeExplanation(episode, 'J1', 4, e).top[0]; // { feature: 'queue n_in_0', attribution: 0.42 }
 * ```
 */
export function describeExplanation(ep: Episode, key: string, frame: number, e: FrameExplanation): ShownExplanation {
  const ex = ep.rec.explain;
  const names = ex ? explainNames(ex, key) : { features: [], actions: [] };
  const chosen = new Set(e.kind === 'mean' ? [] : e.outputs.map((o) => o.output));
  const scene = ep.rec.scene;
  const human = (s: string): string => (scene.kind === 'traffic' ? humanLabel(scene, s) : s);
  const actions = e.values.map((value, k) => {
    const label = names.actions[k] ?? `action ${k}`;
    return { label, name: human(label), value, chosen: chosen.has(k) };
  });
  const total = new Float64Array(names.features.length);
  for (const o of e.outputs) o.attribution.forEach((a, f) => (total[f] = (total[f] ?? 0) + a));
  const top = Array.from(total, (attribution, f) => ({ feature: names.features[f] ?? `x[${f}]`, attribution }))
    .filter((t) => t.attribution !== 0)
    .sort((a, b) => Math.abs(b.attribution) - Math.abs(a.attribution))
    .slice(0, TOP_FEATURES)
    .map((t) => ({ ...t, name: human(t.feature) }));
  return { key, frame, kind: e.kind, actions, top };
}

/**
 * The side panel with the selected agent's decision at the playhead: a bar per action (q-value,
 * probability or mean; the chosen one highlighted) and the top attributions (gradient x input) with
 * feature names. Redraws only when the decision shown changes.
 *
 * @example
 * ```ts
 * const panel = new ExplainPanel(document.getElementById('explain'), episode);
 * panel.select('J1');
 * panel.update(frameIndex);
 * ```
 */
export class ExplainPanel {
  /** Agent key shown (null: nothing selected yet). */
  key: string | null = null;
  shown: ShownExplanation | null = null;
  private drawnFor = '';

  constructor(private readonly box: HTMLElement, private readonly ep: Episode) {
    box.hidden = false;
    this.key = this.onlyKey();
    this.box.replaceChildren(el('div', 'hint', 'Click an intersection or machine to see the policy\'s decisions.'));
  }

  /** The only agent key of the first frames that have explanations (single-intersection recordings), else null. */
  private onlyKey(): string | null {
    const keys = new Set<string>();
    for (let j = 0; j < Math.min(this.ep.count, 50); j++) for (const k of Object.keys(this.ep.frames[j]?.explanations ?? {})) keys.add(k);
    return keys.size === 1 ? ([...keys][0] ?? null) : null;
  }

  /** Shows agent `key` from now on. */
  select(key: string): void {
    this.key = key;
    this.drawnFor = '';
  }

  /** Shows the decision in effect at frame `i`. */
  update(i: number): void {
    if (this.key === null) return;
    const found = findExplanation(this.ep, i, this.key);
    const tag = `${this.key}@${found?.frame ?? -1}`;
    if (tag === this.drawnFor) return;
    this.drawnFor = tag;
    if (found === null) {
      this.shown = null;
      this.box.replaceChildren(el('div', 'title', `${this.key}`), el('div', 'hint', 'No decision of this agent recorded up to here.'));
      return;
    }
    const s = describeExplanation(this.ep, this.key, found.frame, found.e);
    this.shown = s;
    const f = this.ep.frames[found.frame];
    const what = s.kind === 'q' ? 'Q-values' : s.kind === 'probs' ? 'probabilities' : 'action means';
    const rows: HTMLElement[] = [el('div', 'title', `${s.key} · decision at ${formatClock(f?.t ?? 0)}`), el('div', 'sub', what)];
    const lo = Math.min(0, ...s.actions.map((a) => a.value));
    const hi = Math.max(0, ...s.actions.map((a) => a.value));
    const span = hi - lo || 1;
    for (const a of s.actions) {
      const row = el('div', `bar-row${a.chosen ? ' chosen' : ''}`);
      row.dataset.action = a.label;
      row.dataset.value = String(a.value);
      const track = el('div', 'bar-track');
      const bar = el('div', 'bar');
      bar.style.left = `${((Math.min(a.value, 0) - lo) / span) * 100}%`;
      bar.style.width = `${Math.max(1, (Math.abs(a.value) / span) * 100)}%`;
      track.appendChild(bar);
      row.title = `${a.name}: ${a.value}${a.chosen ? ' (chosen)' : ''}`;
      row.append(el('span', 'bar-label', a.name), track, el('span', 'bar-value', fmt(a.value)));
      rows.push(row);
    }
    rows.push(el('div', 'sub', 'top attributions (gradient x input)'));
    const big = Math.max(1e-12, ...s.top.map((t) => Math.abs(t.attribution)));
    for (const t of s.top) {
      const row = el('div', `attr-row ${t.attribution >= 0 ? 'pos' : 'neg'}`);
      row.dataset.feature = t.feature;
      row.dataset.value = String(t.attribution);
      const track = el('div', 'bar-track');
      const bar = el('div', 'bar');
      const w = (Math.abs(t.attribution) / big) * 50;
      bar.style.left = `${t.attribution >= 0 ? 50 : 50 - w}%`;
      bar.style.width = `${Math.max(0.5, w)}%`;
      track.appendChild(bar);
      row.title = `${t.name}: ${t.attribution}`;
      row.append(el('span', 'bar-label', t.name), track, el('span', 'bar-value', fmt(t.attribution)));
      rows.push(row);
    }
    this.box.replaceChildren(...rows);
  }
}
