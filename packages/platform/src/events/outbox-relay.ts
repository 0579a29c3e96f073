// The one outbox relay: publishes what an outbox store (outbox-store.ts) holds, with broker
// confirms, and removes it only once confirmed (at-least-once; consumers' inboxes absorb a
// republished event). Behaviours every store gets:
// - kick on write: a producer that committed events wakes a relay loop at once;
// - idle poll: otherwise a loop looks again after idleDelayMs (events of other processes,
//   expired claims);
// - minimum pass interval: under continuous kicks, passes are spaced so each carries a batch;
// - claim expiry: a batch whose relay stalls or dies is claimed again after claimSeconds, and a
//   publish under row locks that is not confirmed within that time is given up;
// - metrics: published events per type, the pending count and the oldest event's age.
import type { Registry } from 'prom-client';
import type { EventPublisher, SerializedEvent } from './bus.js';
import { eventMetrics } from './metrics.js';
import type { OutboxStore } from './outbox-store.js';
import { createRelayLoops } from './relay-loops.js';

export interface OutboxRelayOptions {
  store: OutboxStore;
  publisher: EventPublisher;
  metrics?: Registry;
  batchSize?: number;
  /** How long a loop sleeps when the outbox is empty and nobody kicked it. */
  idleDelayMs?: number;
  /**
   * Least time between a loop's passes while producers keep kicking it (default 100 ms; with
   * several loops, their passes are spread evenly over it): under load each pass then carries a
   * batch instead of one transaction's events, for at most that much more delay. A kick after a
   * quiet spell is relayed at once. A pass costs a few round trips however few events it carries;
   * at 20 ms, a checkout benchmark spent about one pass per checkout in each service.
   */
  minPassIntervalMs?: number;
  /** How long a batch stays taken if its relay stalls or dies before removing it. */
  claimSeconds?: number;
  /**
   * Relay loops in this process. Claims or row locks keep them (and other replicas) off each
   * other's events, so more loops overlap one batch's broker round trip with the next batch's claim.
   */
  loops?: number;
  onError?: (error: unknown) => void;
}

export interface OutboxRelay {
  /** Wakes the relay now instead of at its next poll. */
  kick(): void;
  /** Publishes one batch; returns how many events it published. */
  relayOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

// The gauges count the whole outbox (count(*) scans the backlog): refreshed once a second per
// relay, not per pass.
const MEASURE_EVERY_MS = 1000;

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

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { store, publisher } = options;
  const batchSize = options.batchSize ?? 500;
  const claimSeconds = options.claimSeconds ?? 30;
  const metrics = eventMetrics(options.metrics);

  // Both ways of relaying answer what they published; the metrics need only each event's type.
  async function relayClaimed(): Promise<{ type: string }[]> {
    const claimed = await store.claim(batchSize, claimSeconds);
    if (claimed.length === 0) return [];
    const events = claimed.map((event) => event.envelope);
    await publisher.publish(events);
    await store.markSent(claimed.map((event) => event.id));
    return events;
  }
  const publishSerialized = (events: SerializedEvent[]) =>
    publisher.publishSerialized
      ? publisher.publishSerialized(events)
      : publisher.publish(events.map((event) => JSON.parse(event.json)));
  const relayUnderLock = store.relayUnderLock?.bind(store);
  const relayBatch =
    relayUnderLock && !publisher.deliversInProcess
      ? () =>
          relayUnderLock(batchSize, (events) =>
            confirmedWithin(publishSerialized(events), claimSeconds * 1000),
          )
      : relayClaimed;

  async function relayOnce(): Promise<number> {
    const events = await relayBatch();
    // One increment per type, not per event: each labelled increment hashes its labels.
    const perType = new Map<string, number>();
    for (const event of events) perType.set(event.type, (perType.get(event.type) ?? 0) + 1);
    for (const [type, count] of perType) metrics.published.inc({ type }, count);
    return events.length;
  }

  // A service may run one relay per outbox into one registry: each adds its own share to the
  // pending gauge rather than overwriting the others'.
  let reportedPending = 0;
  let lastMeasured = 0;
  async function measure(): Promise<void> {
    if (Date.now() - lastMeasured < MEASURE_EVERY_MS) return;
    lastMeasured = Date.now();
    if (store.pendingCount) {
      const pending = await store.pendingCount();
      metrics.outboxPending.inc(pending - reportedPending);
      reportedPending = pending;
    }
    if (store.oldestPendingSeconds) metrics.outboxLag.set(await store.oldestPendingSeconds());
  }

  const loops = createRelayLoops({
    loops: options.loops ?? 1,
    batchSize,
    idleDelayMs: options.idleDelayMs ?? 200,
    minPassIntervalMs: options.minPassIntervalMs ?? 100,
    relayOnce: async () => {
      const published = await relayOnce();
      await measure();
      return published;
    },
    onError: options.onError,
  });

  return { kick: loops.kick, relayOnce, start: loops.start, stop: loops.stop };
}
