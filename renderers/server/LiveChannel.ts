import type { WebSocket } from 'ws';
import type { EpisodeSummary, Frame, LiveMessage, RecordingHeader } from '../format/types.js';

/** Where `RecordEpisode` sends frames as they are taken (the view server's live channel). */
export interface LiveSink {
  start(header: RecordingHeader): void;
  frame(frame: Frame): void;
  end(summary: EpisodeSummary): void;
}

/**
 * Broadcasts an episode in progress to every connected live viewer. A viewer that connects late gets
 * the header and all frames so far, then the rest as they come. A new `start` begins a new episode.
 *
 * @example
 * ```ts
 * const live = new LiveChannel();
 * live.start(header); live.frame(frame); live.end(summary);
 * ```
 */
export class LiveChannel implements LiveSink {
  private readonly clients = new Set<WebSocket>();
  private history: string[] = [];

  /** Number of connected viewers. */
  get size(): number {
    return this.clients.size;
  }

  /** Adds a viewer and replays the current episode to it. */
  add(ws: WebSocket): void {
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => this.clients.delete(ws));
    for (const m of this.history) ws.send(m);
  }

  start(header: RecordingHeader): void {
    this.history = [];
    this.send({ type: 'header', header });
  }

  frame(frame: Frame): void {
    this.send({ type: 'frame', frame });
  }

  end(summary: EpisodeSummary): void {
    this.send({ type: 'end', summary });
  }

  /** Closes every viewer connection. */
  close(): void {
    for (const ws of this.clients) ws.close();
    this.clients.clear();
  }

  private send(msg: LiveMessage): void {
    const text = JSON.stringify(msg);
    this.history.push(text);
    for (const ws of this.clients) if (ws.readyState === ws.OPEN) ws.send(text);
  }
}
