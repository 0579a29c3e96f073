// Transactional outbox: events are written in the producer's own transaction, then the relay
// (outbox-relay.ts) publishes them from event_outbox (sql-outbox-store.ts). At-least-once: a crash
// after publishing and before the rows are gone republishes them, and consumers' inboxes absorb
// the duplicates. Row locks or claims (with SKIP LOCKED) let several replicas relay without
// sending the same rows at once.
import { fileURLToPath } from 'node:url';
import type { SqlDatabase, SqlExecutor } from '../sql/database.js';
import { runMigrations } from '../sql/migrations.js';
import { type SqlStatement, sql } from '../sql/statement.js';
import {
  createEnvelope,
  type EventEnvelope,
  type EventSchemas,
  type NewEvent,
  validateEnvelope,
} from './envelope.js';
import { createOutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';
import { createSqlOutboxStore } from './sql-outbox-store.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Creates event_outbox and event_inbox in a service's database. */
export function migrateEventTables(db: SqlDatabase): Promise<string[]> {
  return runMigrations(db, MIGRATIONS, 'platform');
}

export interface OutboxOptions
  extends Pick<
    OutboxRelayOptions,
    'publisher' | 'metrics' | 'batchSize' | 'idleDelayMs' | 'minPassIntervalMs' | 'claimSeconds' | 'onError'
  > {
  db: SqlDatabase;
  /** CloudEvents `source`, e.g. '/services/order'. */
  source: string;
  schemas: EventSchemas;
  /** Relay loops in this process (OutboxRelayOptions.loops). */
  relays?: number;
}

export type Emit = (event: NewEvent) => void;

/** Events validated and serialised for a statement that inserts them itself (outboxInsert). */
export interface StagedEvents {
  envelopes: EventEnvelope[];
  /** The envelopes as one JSON array: what outboxInsert binds. */
  json: string;
}

/**
 * The statement that inserts staged events (`StagedEvents.json`), the one place that knows the
 * outbox table. Usable as a writable CTE (`with …, events as (${outboxInsert(json)}) …`): a write
 * and the events describing it then cost one statement, atomic without BEGIN/COMMIT, instead of a
 * transaction of several round trips. One JSON array, serialised once: cheaper than three SQL
 * array literals with every quote inside the JSON escaped. Its text never varies with the events,
 * so statements holding it can be prepared.
 */
export function outboxInsert(eventsJson: string, options: { onlyIfRowIn?: string } = {}): SqlStatement {
  // onlyIfRowIn: a CTE of the same statement; the events are stored only if it produced a row
  // (e.g. the update that made the change they describe actually matched).
  const guard = options.onlyIfRowIn
    ? sql` where exists (select from ${sql.raw(options.onlyIfRowIn)})`
    : sql.empty;
  return sql`insert into event_outbox (id, type, envelope)
       select (e->>'id')::uuid, e->>'type', e
       from jsonb_array_elements(${eventsJson}::jsonb) with ordinality as t(e, n)${guard} order by n`;
}

export interface Outbox {
  /** Inserts events in the caller's transaction; validates them first. */
  enqueue(tx: SqlExecutor, events: NewEvent[]): Promise<EventEnvelope[]>;
  /**
   * Validates and serialises events for the caller's own statement (outboxInsert); after that
   * statement commits, call kick() so the relay sends them now rather than at its next poll.
   */
  stage(events: NewEvent[]): StagedEvents;
  /** Runs fn in a transaction; events it emits commit with it, then the relay is woken. */
  transaction<T>(fn: (tx: SqlExecutor, emit: Emit) => Promise<T>): Promise<T>;
  /** Wakes the relay now instead of at its next poll. */
  kick(): void;
  /** Publishes what is pending once; returns how many were published. */
  relayOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { db, source, schemas } = options;

  function stage(events: NewEvent[]): StagedEvents {
    const envelopes = events.map((event) => createEnvelope(source, event));
    for (const envelope of envelopes) validateEnvelope(schemas, envelope);
    return { envelopes, json: JSON.stringify(envelopes) };
  }

  async function enqueue(tx: SqlExecutor, events: NewEvent[]): Promise<EventEnvelope[]> {
    const staged = stage(events);
    if (staged.envelopes.length === 0) return staged.envelopes;
    // Prepared: parsed and planned once per connection, not per batch.
    await tx.query(outboxInsert(staged.json), { prepare: true });
    return staged.envelopes;
  }

  const relay = createOutboxRelay({ ...options, store: createSqlOutboxStore(db), loops: options.relays });

  return {
    enqueue,
    stage,
    async transaction(fn) {
      const result = await db.transaction(async (tx) => {
        const pending: NewEvent[] = [];
        const value = await fn(tx, (event) => pending.push(event));
        await enqueue(tx, pending);
        return value;
      });
      relay.kick();
      return result;
    },
    kick: relay.kick,
    relayOnce: relay.relayOnce,
    start: relay.start,
    stop: relay.stop,
  };
}
