// Outbox and inbox on the platform's event tables, claimed exactly like the platform's relay.
import type { EventEnvelope, SqlDatabase, SqlExecutor } from '@emporium/platform';
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
  return {
    append: (events) => insertEvents(db, events),
    async claim(limit, claimSeconds) {
      const { rows } = await db.query<{ seq: number; id: string; envelope: EventEnvelope }>(
        `update event_outbox set claimed_until = now() + make_interval(secs => $2)
         where seq in (
           select seq from event_outbox
           where claimed_until is null or claimed_until < now()
           order by seq limit $1 for update skip locked)
         returning seq, id::text, envelope`,
        [limit, claimSeconds],
      );
      return rows.sort((a, b) => a.seq - b.seq).map(({ id, envelope }) => ({ id, envelope }));
    },
    async markSent(ids) {
      if (ids.length > 0) await db.query('delete from event_outbox where id = any($1::uuid[])', [ids]);
    },
    async pendingCount() {
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from event_outbox');
      return rows[0]?.n ?? 0;
    },
    async recordHandled(consumer, eventId) {
      const result = await db.query(
        'insert into event_inbox (consumer, event_id) values ($1, $2) on conflict do nothing',
        [consumer, eventId],
      );
      return result.rowCount > 0;
    },
  };
}
