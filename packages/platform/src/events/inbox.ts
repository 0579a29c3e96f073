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
      { prepare: true },
    );
    if (inserted.rowCount === 0) return false;
    await effect(tx);
    return true;
  });
}

interface InboxBatcherBase {
  db: SqlDatabase;
  consumer: string;
  maxBatch?: number;
  maxWaitMs?: number;
}

export type InboxBatcherOptions = InboxBatcherBase &
  (
    | {
        /** Applies one event's effect inside the batch's transaction. */
        effect: (tx: SqlExecutor, event: EventEnvelope) => Promise<void>;
      }
    | {
        /**
         * Applies the effects of a batch's new events at once, inside its transaction: set-based
         * SQL costs one round trip per batch instead of one per event. Never given an event twice.
         */
        effects: (tx: SqlExecutor, events: EventEnvelope[]) => Promise<void>;
      }
  );

/**
 * The inbox for high-volume consumers: events handled concurrently are grouped into one
 * transaction (one commit instead of one per event), with the same once-only guarantee as
 * handleOnce. If the batch's transaction fails, every event in it fails and is retried on its own
 * schedule by the bus. Use as a subscription's `handle`, with the bus's concurrency ≥ maxBatch.
 */
export function createInboxBatcher(options: InboxBatcherOptions): (event: EventEnvelope) => Promise<void> {
  const maxBatch = options.maxBatch ?? 100;
  const maxWaitMs = options.maxWaitMs ?? 2;
  const applyEffects =
    'effects' in options
      ? options.effects
      : async (tx: SqlExecutor, events: EventEnvelope[]) => {
          for (const event of events) await options.effect(tx, event);
        };
  let pending: { event: EventEnvelope; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;

  async function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    try {
      await options.db.transaction(async (tx) => {
        const ids = batch.map((item) => item.event.id);
        const { rows } = await tx.query<{ event_id: string }>(
          `insert into event_inbox (consumer, event_id)
           select $1, unnest($2::text[]) on conflict do nothing returning event_id`,
          [options.consumer, ids],
          { prepare: true },
        );
        const fresh = new Set(rows.map((row) => row.event_id));
        // The same event twice in one batch (a redelivery racing the original) applies once.
        const events = batch.map((item) => item.event).filter((event) => fresh.delete(event.id));
        if (events.length > 0) await applyEffects(tx, events);
      });
      for (const item of batch) item.resolve();
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  return (event) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ event, resolve, reject });
      if (pending.length >= maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), maxWaitMs);
    });
}
