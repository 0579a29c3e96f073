// The outbox store on the platform's event_outbox table. Two ways to keep concurrent relays
// (loops, replicas) off each other's rows, both at-least-once — rows leave the outbox only after
// the publisher confirmed them:
// - relayUnderLock: delete the rows in a transaction that stays open while they are published,
//   committed after the confirms. The row locks are the claim; a failed publish or a dead relay
//   rolls back and the rows are there again. One row write per event, where a claim rewrote the
//   whole row (envelope included) and then deleted it: the claim cost PostgreSQL several times
//   what the delete does.
// - claim / markSent: mark the rows claimed for a while, publish, delete. For publishers that wait
//   for this process's own handlers (the in-process bus): those use the database, and an embedded
//   single-session database would wait on the relay's open transaction forever.
import type { SqlDatabase } from '../sql/database.js';
import { type SqlStatement, sql } from '../sql/statement.js';
import type { SerializedEvent } from './bus.js';
import type { EventEnvelope } from './envelope.js';
import type { OutboxStore } from './outbox-store.js';

interface OutboxRow {
  seq: number;
  id: string;
  envelope: EventEnvelope;
}

/** A row taken for publishing: the envelope as JSON text, not parsed (SerializedEvent). */
interface SerializedRow extends SerializedEvent {
  seq: number;
}

// `= any(array(…))`, not `in (…)`: the planner turned `in` into a hash join over a sequential
// scan of the whole outbox, so every batch cost time in proportion to the backlog. Claimed rows
// stay skipped until their claim expires.
const oldestUnclaimed = (limit: number) => sql`seq = any(array(
  select seq from event_outbox
  where claimed_until is null or claimed_until < now()
  order by seq limit ${limit} for update skip locked))`;

const inOrder = <Row extends { seq: number }>(rows: Row[]) => rows.sort((a, b) => a.seq - b.seq);

// Prepared: parsed and planned once per connection, not per batch.
const prepared = { prepare: true };

export function createSqlOutboxStore(db: SqlDatabase): Required<OutboxStore> {
  const rowsOf = async (statement: SqlStatement) =>
    inOrder((await db.query<OutboxRow>(statement, prepared)).rows);
  return {
    async claim(limit, claimSeconds) {
      const rows = await rowsOf(sql`update event_outbox
        set claimed_until = now() + make_interval(secs => ${claimSeconds})
        where ${oldestUnclaimed(limit)} returning seq, id::text, envelope`);
      return rows.map(({ id, envelope }) => ({ id, envelope }));
    },
    async markSent(ids) {
      if (ids.length > 0)
        await db.query(sql`delete from event_outbox where id = any(${ids}::uuid[])`, prepared);
    },
    async pendingCount() {
      const { rows } = await db.query<{ n: number }>(sql`select count(*)::int as n from event_outbox`);
      return rows[0]?.n ?? 0;
    },
    async oldestPendingSeconds() {
      const { rows } = await db.query<{ age: number }>(
        sql`select extract(epoch from now() - created_at)::float8 as age from event_outbox order by seq limit 1`,
      );
      return rows[0]?.age ?? 0;
    },
    relayUnderLock: (limit, publish) =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<SerializedRow>(
          sql`delete from event_outbox where ${oldestUnclaimed(limit)}
              returning seq, id::text, type, envelope::text as json`,
          prepared,
        );
        if (rows.length === 0) return [];
        const events = inOrder(rows).map(({ id, type, json }) => ({ id, type, json }));
        await publish(events);
        return events;
      }),
  };
}
