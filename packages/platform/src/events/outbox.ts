// Transactional outbox: events are written in the producer's own transaction, then a relay
// publishes them (outbox-relay.ts). At-least-once: a crash after publishing and before the rows
// are gone republishes them, and consumers' inboxes absorb the duplicates. Row locks or claims
// (with SKIP LOCKED) let several replicas relay without sending the same rows at once.
import { fileURLToPath } from 'node:url';
import type { Registry } from 'prom-client';
import type { SqlDatabase, SqlExecutor } from '../sql/database.js';
import { runMigrations } from '../sql/migrations.js';
import type { EventPublisher } from './bus.js';
import {
  createEnvelope,
  type EventEnvelope,
  type EventSchemas,
  type NewEvent,
  validateEnvelope,
} from './envelope.js';
import { eventMetrics } from './metrics.js';
import { createOutboxRelay } from './outbox-relay.js';
import { createRelayLoops } from './relay-loops.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Creates event_outbox and event_inbox in a service's database. */
export function migrateEventTables(db: SqlDatabase): Promise<string[]> {
  return runMigrations(db, MIGRATIONS, 'platform');
}

export interface OutboxOptions {
  db: SqlDatabase;
  publisher: EventPublisher;
  /** CloudEvents `source`, e.g. '/services/order'. */
  source: string;
  schemas: EventSchemas;
  metrics?: Registry;
  batchSize?: number;
  /** How long the relay sleeps when the outbox is empty and nobody kicked it. */
  idleDelayMs?: number;
  /**
   * Least time between a relay loop's passes while producers keep kicking it (default 100 ms):
   * under load each pass then carries a batch instead of one transaction's events, for at most
   * that much more delay. A kick after a quiet spell is relayed at once. A pass costs three round
   * trips however few events it carries; at 20 ms, a checkout benchmark spent about one pass per
   * checkout in each service.
   */
  minPassIntervalMs?: number;
  /** How long a batch stays taken if its relay stalls or dies before removing it. */
  claimSeconds?: number;
  onError?: (error: unknown) => void;
  /**
   * Relay loops in this process. Row locks or claims keep them (and other replicas) off each
   * other's rows, so more loops overlap one batch's broker round trip with the next batch's claim.
   */
  relays?: number;
}

export type Emit = (event: NewEvent) => void;

/** Events validated and serialised for a statement that inserts them itself (outboxInsertSql). */
export interface StagedEvents {
  envelopes: EventEnvelope[];
  /** The envelopes as one JSON array: the value of outboxInsertSql's parameter. */
  json: string;
}

/**
 * The statement that inserts staged events, reading them from parameter `$param`. Usable as a
 * writable CTE (`with …, events as (<this>) …`): a write and the events describing it then cost
 * one statement, atomic without BEGIN/COMMIT, instead of a transaction of several round trips.
 * One JSON array, serialised once: cheaper than three SQL array literals with every quote
 * inside the JSON escaped.
 */
export function outboxInsertSql(param: number, options: { onlyIfRowIn?: string } = {}): string {
  // onlyIfRowIn: a CTE of the same statement; the events are stored only if it produced a row
  // (e.g. the update that made the change they describe actually matched).
  const guard = options.onlyIfRowIn ? `\n       where exists (select from ${options.onlyIfRowIn})` : '';
  return `insert into event_outbox (id, type, envelope)
       select (e->>'id')::uuid, e->>'type', e
       from jsonb_array_elements($${param}::jsonb) with ordinality as t(e, n)${guard} order by n`;
}

export interface Outbox {
  /** Inserts events in the caller's transaction; validates them first. */
  enqueue(tx: SqlExecutor, events: NewEvent[]): Promise<EventEnvelope[]>;
  /**
   * Validates and serialises events for the caller's own statement (outboxInsertSql); after that
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
  const { db, publisher, source, schemas } = options;
  const batchSize = options.batchSize ?? 500;
  const idleDelayMs = options.idleDelayMs ?? 200;
  const claimSeconds = options.claimSeconds ?? 30;
  const metrics = eventMetrics(options.metrics);

  function stage(events: NewEvent[]): StagedEvents {
    const envelopes = events.map((event) => createEnvelope(source, event));
    for (const envelope of envelopes) validateEnvelope(schemas, envelope);
    return { envelopes, json: JSON.stringify(envelopes) };
  }

  const insertStaged = outboxInsertSql(1);
  async function enqueue(tx: SqlExecutor, events: NewEvent[]): Promise<EventEnvelope[]> {
    const staged = stage(events);
    if (staged.envelopes.length === 0) return staged.envelopes;
    // Prepared: parsed and planned once per connection, not per batch.
    await tx.query(insertStaged, [staged.json], { prepare: true });
    return staged.envelopes;
  }

  const relayBatch = createOutboxRelay({ db, publisher, batchSize, claimSeconds });

  async function relayOnce(): Promise<number> {
    const events = await relayBatch();
    // One increment per type, not per event: each labelled increment hashes its labels.
    const perType = new Map<string, number>();
    for (const event of events) perType.set(event.type, (perType.get(event.type) ?? 0) + 1);
    for (const [type, count] of perType) metrics.published.inc({ type }, count);
    return events.length;
  }

  async function updateLag(): Promise<void> {
    const { rows } = await db.query<{ pending: number; lag: number | null }>(
      `select count(*)::int as pending, extract(epoch from now() - min(created_at))::float8 as lag from event_outbox`,
    );
    metrics.outboxPending.set(rows[0]?.pending ?? 0);
    metrics.outboxLag.set(rows[0]?.lag ?? 0);
  }

  // Once a second per outbox, not per loop: count(*) scans the whole backlog.
  let lastLagUpdate = 0;
  async function relayAndMeasure(): Promise<number> {
    const published = await relayOnce();
    if (Date.now() - lastLagUpdate > 1000) {
      lastLagUpdate = Date.now();
      await updateLag();
    }
    return published;
  }

  const loops = createRelayLoops({
    loops: options.relays ?? 1,
    batchSize,
    idleDelayMs,
    minPassIntervalMs: options.minPassIntervalMs ?? 100,
    relayOnce: relayAndMeasure,
    onError: options.onError,
  });

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
      loops.kick();
      return result;
    },
    kick: loops.kick,
    relayOnce,
    start: loops.start,
    stop: loops.stop,
  };
}
