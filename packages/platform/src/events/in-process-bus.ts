// In-process adapter for the embedded quick start. publish() resolves after each subscriber's
// first attempt, so the outbox keeps an event until it was handled once (or failed once and was
// scheduled for retry): a crash before that republishes it and the inbox absorbs the duplicate.
// Retries after the first attempt and dead letters live in memory: a crash loses those.
import type { Registry } from 'prom-client';
import { handleTraced } from '../tracing/event-spans.js';
import { DEFAULT_RETRY_DELAYS_MS, type DeadLetter, type EventBus, type Subscription } from './bus.js';
import { type EventEnvelope, type EventSchemas, matchesTopic, validateEnvelope } from './envelope.js';
import { eventMetrics } from './metrics.js';

export interface InProcessBusOptions {
  schemas: EventSchemas;
  metrics?: Registry;
  /** Deliveries wait for this: a process starting several services opens it once all subscribed. */
  ready?: Promise<void>;
}

export function createInProcessBus(options: InProcessBusOptions): EventBus {
  const metrics = eventMetrics(options.metrics);
  const subscriptions: Subscription[] = [];
  const deadLetters = new Map<string, DeadLetter[]>();
  const waiting = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();

  const addDeadLetter = (consumer: string, letter: DeadLetter, type: string) => {
    deadLetters.set(consumer, [...(deadLetters.get(consumer) ?? []), letter]);
    metrics.deadLettered.inc({ consumer, type });
  };

  async function attempt(subscription: Subscription, raw: unknown, attemptNumber: number): Promise<void> {
    const { consumer } = subscription;
    let event: EventEnvelope;
    try {
      // A copy through JSON, as over the wire: handlers never share objects with the producer.
      event = validateEnvelope(options.schemas, JSON.parse(JSON.stringify(raw)));
    } catch (error) {
      addDeadLetter(consumer, { event: raw, reason: String(error), attempts: attemptNumber }, 'invalid');
      return;
    }
    try {
      await handleTraced(subscription, event);
      metrics.consumed.inc({ consumer, type: event.type });
    } catch (error) {
      const delays = subscription.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
      if (attemptNumber > delays.length) {
        addDeadLetter(consumer, { event, reason: String(error), attempts: attemptNumber }, event.type);
        return;
      }
      metrics.retried.inc({ consumer, type: event.type });
      waiting.set(consumer, (waiting.get(consumer) ?? 0) + 1);
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          waiting.set(consumer, (waiting.get(consumer) ?? 1) - 1);
          void attempt(subscription, event, attemptNumber + 1);
        },
        delays[attemptNumber - 1],
      );
      timers.add(timer);
    }
  }

  return {
    deliversInProcess: true,
    async publish(events) {
      await options.ready;
      const deliveries: Promise<void>[] = [];
      for (const event of events) {
        for (const subscription of subscriptions) {
          if (subscription.eventTypes.some((pattern) => matchesTopic(pattern, event.type))) {
            deliveries.push(attempt(subscription, event, 1));
          }
        }
        metrics.published.inc({ type: event.type });
      }
      await Promise.all(deliveries);
    },
    async subscribe(subscription) {
      subscriptions.push(subscription);
      return {
        async close() {
          const index = subscriptions.indexOf(subscription);
          if (index >= 0) subscriptions.splice(index, 1);
        },
      };
    },
    async queueDepth(consumer) {
      return waiting.get(consumer) ?? 0;
    },
    async deadLetters(consumer, limit = 100) {
      return (deadLetters.get(consumer) ?? []).slice(0, limit);
    },
    async replayDeadLetters(consumer) {
      const letters = deadLetters.get(consumer) ?? [];
      deadLetters.delete(consumer);
      const subscription = subscriptions.find((s) => s.consumer === consumer);
      if (!subscription) return 0;
      await Promise.all(letters.map((letter) => attempt(subscription, letter.event, 1)));
      return letters.length;
    },
    async ping() {},
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
