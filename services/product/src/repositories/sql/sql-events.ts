// Outbox and inbox on the platform's event tables; the outbox is the platform's own SQL store.
import {
  createSqlOutboxStore,
  type EventEnvelope,
  type SqlDatabase,
  type SqlExecutor,
} from '@emporium/platform';
import type { EventStore } from '../catalog-store.js';

export async function insertEvents(tx: SqlExecutor, events: EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `insert into event_outbox (id, type, envelope)
     select * from unnest($1::uuid[], $2::text[], $3::jsonb[]) on conflict (id) do nothing`,
    [events.map((e) => e.id), events.map((e) => e.type), events.map((e) => JSON.stringify(e))],
  );
}

export function createSqlEventStore(db: SqlDatabase): EventStore {
  const outbox = createSqlOutboxStore(db);
  return {
    ...outbox,
    append: (events) => insertEvents(db, events),
    async recordHandled(consumer, eventId) {
      const result = await db.query(
        'insert into event_inbox (consumer, event_id) values ($1, $2) on conflict do nothing',
        [consumer, eventId],
      );
      return result.rowCount > 0;
    },
  };
}
