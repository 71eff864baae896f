/**
 * Live mode (`?live=1`): follows the view server's `/live` WebSocket (a `LiveMessage` stream: header,
 * frames, end) and plays the episode as it grows.
 * @packageDocumentation
 */
import type { EpisodeSummary, Frame, RecordingHeader } from '../../format/types.js';
import { Episode } from './Episode.js';
import { byId, hooks, showError } from './hooks.js';
import { play } from './playback.js';

/** Connects to the live channel and shows the episode in progress. */
export function startLive(): void {
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
      if (msg.header.format !== 'tsgym-episode' || (msg.header.version !== 1 && msg.header.version !== 2))
        return showError('Live stream is not a version-1 or version-2 tsgym episode');
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

