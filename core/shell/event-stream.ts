/**
 * Reading text/event-stream as the app's change stream writes it (web/events.ts): blocks separated
 * by a blank line, each with `event:` and `data:`. Pure, so the browser's reader (renderer) and the
 * desktop client's (electron/remote-core.ts) share it.
 */

export type StreamEvent = { type: 'change'; notice: unknown } | { type: 'signed-out' };

/** Takes the complete blocks from `buffer`; returns their events and what is left for the next chunk. */
export function takeEvents(buffer: string): { events: StreamEvent[]; rest: string } {
  const events: StreamEvent[] = [];
  let rest = buffer;
  let cut: number;
  while ((cut = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, cut);
    rest = rest.slice(cut + 2);
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (event === 'signed-out') events.push({ type: 'signed-out' });
    else if (event === 'change' && data) events.push({ type: 'change', notice: JSON.parse(data) });
    // anything else (a heartbeat comment) carries nothing
  }
  return { events, rest };
}
