/**
 * Change notices across server processes on one PostgreSQL database (issue 21 point 3): a process
 * that committed work says so with NOTIFY on one channel; every other process LISTENs and then reads
 * the audit log's new rows as it does after its own work (core/change-notices.ts), so the notice a
 * browser hears is built the same way whichever process made the change. The payload is only the
 * sender's id (a process ignores its own); what changed is in the log, which is the one truth and
 * never lost: a notification missed (a dropped connection) is caught up on the next one.
 *
 * The listening connection is a plain asynchronous `pg` client of its own: the engine's connection
 * (db/engine/postgres.ts) answers synchronously and cannot wait for notifications.
 */
import type pg from 'pg';
import type { Db } from '../engine/types.ts';

export const CHANGE_CHANNEL = 'sws_change';

/** After committed work: tells the other processes (delivered at the commit, or at once outside a transaction). */
export function announceChange(db: Db, sender: string): void {
  db.prepare(`SELECT pg_notify('${CHANGE_CHANNEL}', ?) AS "sent"`).get(sender);
}

/** Wait before connecting again after the listening connection was lost. */
const RECONNECT_MS = 2000;

export class ChangeChannel {
  private client: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly url: string;
  private readonly sender: string;
  private readonly heard: () => void;
  private readonly onError: (error: unknown) => void;

  /** `heard`: another process committed work; `sender`: this process's id (its own notifications are not heard). */
  constructor(url: string, sender: string, heard: () => void, onError: (error: unknown) => void = () => {}) {
    this.url = url;
    this.sender = sender;
    this.heard = heard;
    this.onError = onError;
  }

  /** Connects and listens; resolves once listening (a failure is reported and retried, never thrown). */
  async start(): Promise<void> {
    if (this.closed || this.client) return;
    // Loaded here: the desktop app and every SQLite installation never load the driver.
    const { default: driver } = await import('pg');
    if (this.closed || this.client) return;
    const client = new driver.Client({ connectionString: this.url });
    this.client = client;
    client.on('notification', (message) => {
      // Never after close(): the core (and its database connection) may be gone while the client ends.
      if (this.closed || this.client !== client) return;
      if (message.channel === CHANGE_CHANNEL && message.payload !== this.sender) this.heard();
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      // Like the engine's worker, a listening connection never keeps the process alive.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    } catch (error) {
      this.lost(client, error);
    }
  }

  /** The connection went: listen again shortly, then catch up on what was written meanwhile. */
  private lost(client: pg.Client, error?: unknown) {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => {});
    if (this.closed) return;
    if (error) this.onError(error);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.start().then(() => !this.closed && this.client && this.heard());
    }, RECONNECT_MS);
    this.retry.unref();
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => {});
  }
}
