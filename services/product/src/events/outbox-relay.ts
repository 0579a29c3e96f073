// Relays the catalog store's outbox to the event bus with the platform outbox's semantics:
// claim a batch (with an expiry, so a relay that dies mid-batch is replaced), publish with broker
// confirms, then mark sent. At-least-once: consumers' inboxes absorb a republished event.
import { setTimeout as sleep } from 'node:timers/promises';
import { createWakeSignal, type EventPublisher, eventMetrics } from '@emporium/platform';
import type { Registry } from 'prom-client';
import type { OutboxStore } from '../repositories/catalog-store.js';

export interface OutboxRelayOptions {
  events: OutboxStore;
  publisher: EventPublisher;
  metrics?: Registry;
  batchSize?: number;
  /** Sleep between polls when nothing kicked the relay; a poll also finds events a crash left. */
  idleDelayMs?: number;
  claimSeconds?: number;
  /**
   * Least time between the starts of two passes. A pass costs a fixed handful of catalog-store
   * round trips (drain, claim, delete, count) however few events it carries; when writes kick the
   * relay continuously, spacing passes lets each carry many events. An idle relay still wakes at
   * once on a kick, since its last pass is long past.
   */
  minPassIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface OutboxRelay {
  kick(): void;
  relayOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { events, publisher } = options;
  const batchSize = options.batchSize ?? 200;
  const idleDelayMs = options.idleDelayMs ?? 1000;
  const claimSeconds = options.claimSeconds ?? 30;
  const minPassIntervalMs = options.minPassIntervalMs ?? 100;
  const metrics = eventMetrics(options.metrics);
  let running = false;
  let loop: Promise<void> | undefined;
  const signal = createWakeSignal();

  async function relayOnce(): Promise<number> {
    const claimed = await events.claim(batchSize, claimSeconds);
    if (claimed.length === 0) return 0;
    await publisher.publish(claimed.map((event) => event.envelope));
    await events.markSent(claimed.map((event) => event.id));
    for (const { envelope } of claimed) metrics.published.inc({ type: envelope.type });
    return claimed.length;
  }

  async function run(): Promise<void> {
    let counted = 0;
    // The service may run one relay per outbox: each adds its own share to the one gauge.
    let reported = 0;
    while (running) {
      let published = 0;
      const passStarted = Date.now();
      try {
        published = await relayOnce();
        // The gauge is a count over the whole outbox: refreshed at most once per idle delay.
        if (Date.now() - counted >= idleDelayMs) {
          const pending = await events.pendingCount();
          metrics.outboxPending.inc(pending - reported);
          reported = pending;
          counted = Date.now();
        }
      } catch (error) {
        options.onError?.(error);
        await signal.sleep(Math.max(idleDelayMs, 500));
        continue;
      }
      if (published < batchSize) await signal.sleep(idleDelayMs);
      const early = minPassIntervalMs - (Date.now() - passStarted);
      if (running && early > 0) await sleep(early);
    }
  }

  return {
    kick: () => signal.kick(),
    relayOnce,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      signal.kick();
      await loop;
    },
  };
}
