// Across replicas: the handler NOTIFYs inside its transaction (PostgreSQL delivers it on commit);
// every replica LISTENs and announces other replicas' notifications to its own open streams.
// The payload is only ids (NOTIFY is limited to 8000 bytes); the row is read when a user has a
// stream open on this replica.
import type { SqlDatabase, SqlExecutor } from '@emporium/platform';
import type pg from 'pg';
import { listenForFeedSignals, notifyFeedSignal } from '../repositories/feed-signals.js';
import { findFeedNotification } from '../repositories/notifications.js';
import type { FeedHub } from './feed-hub.js';

interface FeedSignal {
  origin: string;
  userId: string;
  id: string;
}

export async function signalNewNotification(tx: SqlExecutor, signal: FeedSignal): Promise<void> {
  await notifyFeedSignal(tx, JSON.stringify(signal));
}

export interface FeedChannel {
  close(): Promise<void>;
}

/**
 * Listens on a dedicated connection and reconnects after losing it. Signals sent while it is
 * reconnecting are not pushed live (they are in the feed, which clients re-read on reconnect).
 */
export async function listenForOtherReplicas(options: {
  url: string;
  origin: string;
  db: SqlDatabase;
  hub: FeedHub;
  onError?: (error: unknown) => void;
}): Promise<FeedChannel> {
  const { url, origin, db, hub } = options;
  // Loaded here: the embedded start (PGlite, one replica) never listens, so never loads pg.
  const { default: driver } = await import('pg');
  let client: pg.Client | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  async function onSignal(payload: string | undefined) {
    const signal = JSON.parse(payload ?? '{}') as Partial<FeedSignal>;
    if (signal.origin === origin || !signal.userId || !signal.id || !hub.hasListeners(signal.userId)) return;
    const found = await findFeedNotification(db, signal.id);
    if (found) hub.announce(found.userId, found.notification);
  }

  async function connect(): Promise<void> {
    const next = new driver.Client({ connectionString: url, application_name: 'notification-feed' });
    next.on('notification', (message) => {
      onSignal(message.payload).catch((error) => options.onError?.(error));
    });
    next.on('error', (error) => {
      options.onError?.(error);
      next.end().catch(() => {});
      scheduleReconnect();
    });
    try {
      await next.connect();
      await listenForFeedSignals(next);
      client = next;
      if (closed) await next.end();
    } catch (error) {
      options.onError?.(error);
      next.end().catch(() => {});
      scheduleReconnect();
    }
  }

  function scheduleReconnect() {
    client = undefined;
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, 1000);
  }

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await client?.end().catch(() => {});
    },
  };
}
