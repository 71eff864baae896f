import { parseRecording } from '../../format/parseRecording.js';
import { Episode } from './Episode.js';

/** One entry of `/api/recordings`. */
export interface RecordingEntry {
  readonly id: number;
  readonly name: string;
  readonly bytes: number;
}

/** The recordings the server offers. */
export async function listEpisodes(): Promise<RecordingEntry[]> {
  const res = await fetch('api/recordings');
  if (!res.ok) throw new Error(`Cannot list recordings: HTTP ${res.status}`);
  return (await res.json()) as RecordingEntry[];
}

/** Fetches (the server sends gzip'd files with Content-Encoding: gzip), validates and wraps a recording. */
export async function loadEpisode(entry: RecordingEntry): Promise<Episode> {
  performance.mark('tsgym:fetch');
  const early = (window as unknown as { tsgymPrefetch?: Record<string, Promise<Response>> }).tsgymPrefetch?.[String(entry.id)];
  const res = await (early ?? fetch(`api/recordings/${entry.id}`));
  if (!res.ok) throw new Error(`Cannot load ${entry.name}: HTTP ${res.status}`);
  const text = await res.text();
  performance.mark('tsgym:downloaded');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${entry.name} is not valid JSON: ${(e as Error).message}`);
  }
  performance.mark('tsgym:parsed');
  // Frames' packed columns are checked when first drawn (TrafficLayer), not all up front.
  const rec = parseRecording(value, entry.name, { deep: false });
  performance.mark('tsgym:validated');
  const ep = new Episode(rec, rec.frames);
  ep.summary = rec.summary;
  performance.mark('tsgym:indexed');
  return ep;
}
