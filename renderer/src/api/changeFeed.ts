/**
 * The one subscription to other users' changes: in the desktop app through the preload bridge, in a
 * browser as a streamed GET /api/events (fetch, so that it carries the same headers as every call;
 * EventSource cannot). A dropped stream is reopened with growing pauses (1 s … 30 s); after a drop
 * the caller hears `live` again and should refresh everything, since notices may have been missed.
 */
import type { ChangeNotice } from '../../../domain/change-kinds.ts';
import { userSession, webShellHeaders } from './client.ts';
import { takeEvents } from '../../../core/shell/event-stream.ts';

export type FeedState = 'live' | 'reconnecting' | 'ended';

const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 30_000;

/** Follows the signed-in session's change notices until the returned function is called or the session ends. */
export function followChanges(onNotice: (notice: ChangeNotice) => void, onState: (state: FeedState) => void): () => void {
  const bridge = window.swsApi;
  if (bridge) {
    if (!bridge.watchChanges) return () => {};
    onState('live');
    return bridge.watchChanges(userSession(), (notice) => (notice ? onNotice(notice) : onState('ended')));
  }
  const stop = new AbortController();
  void streamOverHttp(stop.signal, onNotice, onState);
  return () => stop.abort();
}

async function streamOverHttp(signal: AbortSignal, onNotice: (notice: ChangeNotice) => void, onState: (state: FeedState) => void) {
  let pause = FIRST_PAUSE_MS;
  while (!signal.aborted) {
    try {
      const response = await fetch('api/events', { headers: webShellHeaders(), signal, cache: 'no-store' });
      if (response.status === 401) return onState('ended'); // signed out: the next call says so to the user
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      onState('live');
      pause = FIRST_PAUSE_MS;
      if ((await readEvents(response.body, onNotice)) === 'signed-out') return onState('ended');
    } catch {
      // a dropped connection or a server restarting: try again below
    }
    if (signal.aborted) return;
    onState('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, pause * (0.75 + Math.random() / 2))); // spread out, so reconnects do not arrive at once
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  }
}

/** Reads text/event-stream blocks until the stream ends; answers 'signed-out' when the server said so. */
async function readEvents(body: ReadableStream<Uint8Array>, onNotice: (notice: ChangeNotice) => void): Promise<'ended' | 'signed-out'> {
  const reader = body.getReader();
  const decoder = new TextDecoder(); // carries a character split across chunks over to the next
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return 'ended';
    const { events, rest } = takeEvents(buffer + decoder.decode(value, { stream: true }));
    buffer = rest;
    for (const event of events) {
      if (event.type === 'signed-out') return 'signed-out';
      onNotice(event.notice as ChangeNotice);
    }
  }
}
