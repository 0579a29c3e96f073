// Idempotent consumer: the event id is recorded in the consumer's database in the same
// transaction as the effect, so a redelivered event changes nothing the second time.
import type { SqlDatabase, SqlExecutor } from '../sql/database.js';
import type { EventEnvelope } from './envelope.js';

/** Runs effect once per (consumer, event id). Returns false when the event was already handled. */
export async function handleOnce(
  db: SqlDatabase,
  consumer: string,
  event: EventEnvelope,
  effect: (tx: SqlExecutor) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      'insert into event_inbox (consumer, event_id) values ($1, $2) on conflict do nothing',
      [consumer, event.id],
    );
    if (inserted.rowCount === 0) return false;
    await effect(tx);
    return true;
  });
}
