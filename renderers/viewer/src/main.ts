import 'pixi.js/unsafe-eval';
import './style.css';
import { hooks, showError } from './hooks.js';
import { startLive } from './live.js';
import { listEpisodes, loadEpisode } from './loadEpisode.js';
import type { RecordingEntry } from './loadEpisode.js';
import { showPicker } from './picker.js';
import { play } from './playback.js';

/** Picks the mode from the URL: live, compare two recordings, one recording, or the picker. */
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
