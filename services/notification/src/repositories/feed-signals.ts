// The PostgreSQL channel that tells other replicas a user's feed has a new notification.
import { type SqlExecutor, sql } from '@emporium/platform';
import type pg from 'pg';

const CHANNEL = 'notification_feed';

/** Sends `payload` on the channel; inside a transaction, PostgreSQL delivers it on commit. */
export async function notifyFeedSignal(tx: SqlExecutor, payload: string): Promise<void> {
  await tx.query(sql`select pg_notify(${CHANNEL}, ${payload})`);
}

/** Subscribes a dedicated connection to the channel (LISTEN takes no parameters). */
export async function listenForFeedSignals(client: pg.Client): Promise<void> {
  await client.query(`listen ${CHANNEL}`);
}
