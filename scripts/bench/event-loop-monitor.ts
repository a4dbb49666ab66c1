/**
 * Loaded into the web shell's process by the `server-load` case (`node --import`): the server's
 * own event-loop delay (perf_hooks.monitorEventLoopDelay), reported over the IPC channel when the
 * case asks, then reset for the next phase. Nothing is added to the server or to /healthz.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What the case receives: the longest stall, the 99th percentile and the mean, in ms. */
export interface EventLoopReport {
  eventLoop: { max: number; p99: number; mean: number };
}

if (process.send) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  process.on('message', (message: unknown) => {
    if (message !== 'event-loop:report') return;
    process.send!({ eventLoop: { max: ms(delay.max), p99: ms(delay.percentile(99)), mean: ms(delay.mean) } } satisfies EventLoopReport);
    delay.reset();
  });
  // The channel does not keep the server running: it stops on its signals as always.
  process.channel?.unref();
}
