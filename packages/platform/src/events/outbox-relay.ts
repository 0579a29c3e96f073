// Relays one batch of outbox rows: takes the oldest unclaimed rows, publishes them with broker
// confirms, removes them. Two ways to keep concurrent relays (loops, replicas) off each other's
// rows, both at-least-once — rows leave the outbox only after the publisher confirmed them:
// - locked (the default): delete the rows in a transaction that stays open while they are
//   published, committed after the confirms. The row locks are the claim; a failed publish or a
//   dead relay rolls back and the rows are there again. One row write per event, where a claim
//   rewrote the whole row (envelope included) and then deleted it: the claim cost PostgreSQL
//   several times what the delete does.
// - claimed: mark the rows claimed for claimSeconds, publish, delete. For publishers that wait
//   for this process's own handlers (the in-process bus): those use the database, and an embedded
//   single-session database would wait on the relay's open transaction forever.
import type { SqlDatabase } from '../sql/database.js';
import type { EventPublisher } from './bus.js';
import type { EventEnvelope } from './envelope.js';

export interface OutboxRelayOptions {
  db: SqlDatabase;
  publisher: EventPublisher;
  batchSize: number;
  /** How long a batch stays taken if its relay stalls or dies before removing it. */
  claimSeconds: number;
}

interface OutboxRow {
  seq: number;
  envelope: EventEnvelope;
}

// `= any(array(…))`, not `in (…)`: the planner turned `in` into a hash join over a sequential
// scan of the whole outbox, so every batch cost time in proportion to the backlog. Rows claimed
// by the claimed way (or by a relay of an older version) stay skipped until their claim expires.
const oldestUnclaimed = `seq = any(array(
  select seq from event_outbox
  where claimed_until is null or claimed_until < now()
  order by seq limit $1 for update skip locked))`;

const TAKE_LOCKED = `delete from event_outbox where ${oldestUnclaimed} returning seq, envelope`;
const CLAIM = `update event_outbox set claimed_until = now() + make_interval(secs => $2)
  where ${oldestUnclaimed} returning seq, envelope`;
const DELETE_CLAIMED = 'delete from event_outbox where seq = any($1::bigint[])';

// A publish that never settles (a broker that stopped answering) would keep its rows locked for
// good: give up after as long as a claim would last, so the transaction rolls back and the rows
// are relayed again. (Not a server-side idle timeout: the server ending a checked-out connection
// surfaces as an unhandled pg client error.) A confirm arriving later only adds a duplicate.
async function confirmedWithin(publish: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`publish not confirmed within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([publish, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const inOrder = (rows: OutboxRow[]) => rows.sort((a, b) => a.seq - b.seq).map((row) => row.envelope);

/** Returns a function relaying one batch; it resolves to the events published. */
export function createOutboxRelay(options: OutboxRelayOptions): () => Promise<EventEnvelope[]> {
  const { db, publisher, batchSize, claimSeconds } = options;

  const relayLocked = () =>
    db.transaction(async (tx) => {
      const { rows } = await tx.query<OutboxRow>(TAKE_LOCKED, [batchSize], { prepare: true });
      if (rows.length === 0) return [];
      const events = inOrder(rows);
      await confirmedWithin(publisher.publish(events), claimSeconds * 1000);
      return events;
    });

  async function relayClaimed(): Promise<EventEnvelope[]> {
    const { rows } = await db.query<OutboxRow>(CLAIM, [batchSize, claimSeconds], { prepare: true });
    if (rows.length === 0) return [];
    const events = inOrder(rows);
    await publisher.publish(events);
    await db.query(DELETE_CLAIMED, [rows.map((row) => row.seq)], { prepare: true });
    return events;
  }

  return publisher.deliversInProcess ? relayClaimed : relayLocked;
}
