// RabbitMQ adapter: one durable direct exchange for domain events; per consumer a durable quorum
// queue bound by event type, delay queues for retries with backoff, and a dead-letter queue.
// Publisher confirms; manual acks with bounded prefetch; rabbitmq-client reconnects and
// re-declares the topology after a broker restart.
//
// Direct, not topic: a topic exchange matched every event against its binding patterns and cost
// the broker about a fifth more CPU per event (bench/README.md, "Events"). Subscriptions may still
// name topic patterns (`order.*`); they are expanded, when subscribing, to the event types the
// schemas know, the only types a consumer can validate. The exchange is `<exchange>.direct`, so a
// broker that holds the topic exchange `<exchange>` of earlier versions keeps it: its bindings to
// the same queues deliver what a producer not yet upgraded publishes there.
import type { Registry } from 'prom-client';
import type { AsyncMessage, Publisher } from 'rabbitmq-client';
import { loadOnFirstUse } from '../load-on-first-use.js';
import { handleTraced } from '../tracing/event-spans.js';
import { coalesceWritesPerTick } from './amqp-write-coalescing.js';
import {
  DEFAULT_RETRY_DELAYS_MS,
  type DeadLetter,
  type EventBus,
  type SerializedEvent,
  type Subscription,
} from './bus.js';
import { type EventEnvelope, type EventSchemas, matchesTopic, validateEnvelope } from './envelope.js';
import { eventMetrics } from './metrics.js';

const rabbitmqClient = loadOnFirstUse<typeof import('rabbitmq-client')>('rabbitmq-client');

export interface RabbitMqBusOptions {
  url: string;
  schemas: EventSchemas;
  /**
   * Names the bus's exchange (`<exchange>.direct`) and its queues (`<exchange>.<consumer>`); tests
   * use their own to stay isolated.
   */
  exchange?: string;
  metrics?: Registry;
  /** Unacknowledged messages a consumer may hold. */
  prefetch?: number;
  onError?: (error: unknown) => void;
}

// Queues are named after the exchange, so a test (or a second environment) with its own exchange
// never shares a queue: `emporium.events.notification`, `….notification.dead-letter`.
const queueNames = (exchange: string, consumer: string) => ({
  queue: `${exchange}.${consumer}`,
  deadLetter: `${exchange}.${consumer}.dead-letter`,
  retry: (delayMs: number) => `${exchange}.${consumer}.retry.${delayMs}ms`,
});

function attemptOf(message: AsyncMessage): number {
  const value = Number(message.headers?.['x-attempt'] ?? 1);
  return Number.isInteger(value) && value > 0 ? value : 1;
}

// A consumer that never subscribed has no dead-letter queue yet: nothing to list or replay.
const isMissingQueue = (error: unknown) => (error as { code?: string }).code === 'NOT_FOUND';

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The event types a subscription's types and patterns name, among those the schemas know. */
export function boundEventTypes(schemas: EventSchemas, eventTypes: string[]): string[] {
  const known = Object.keys(schemas);
  const bound = new Set<string>();
  for (const pattern of eventTypes) {
    if (!pattern.includes('*') && !pattern.includes('#')) bound.add(pattern);
    else for (const type of known) if (matchesTopic(pattern, type)) bound.add(type);
  }
  return [...bound];
}

export function createRabbitMqBus(options: RabbitMqBusOptions): EventBus {
  const name = options.exchange ?? 'emporium.events';
  const exchange = `${name}.direct`;
  const metrics = eventMetrics(options.metrics);
  // No Nagle delay (it added ~40 ms to every confirm); writes are merged per tick instead.
  const connection = new (rabbitmqClient().Connection)({
    url: options.url,
    connectionName: 'emporium',
    retryHigh: 5000,
    noDelay: true,
  });
  coalesceWritesPerTick(connection);
  connection.on('error', (error) => options.onError?.(error));
  const publisher: Publisher = connection.createPublisher({
    confirm: true,
    maxAttempts: 3,
    exchanges: [{ exchange, type: 'direct', durable: true }],
  });
  const consumers: { close(): Promise<void> }[] = [];
  const names = (consumer: string) => queueNames(name, consumer);

  async function deadLetter(consumer: string, body: unknown, reason: string, attempts: number, type: string) {
    await publisher.send(
      {
        exchange: '',
        routingKey: names(consumer).deadLetter,
        durable: true,
        headers: { 'x-death-reason': reason.slice(0, 1000), 'x-attempts': attempts },
      },
      body as object,
    );
    metrics.deadLettered.inc({ consumer, type });
  }

  // A Buffer body is sent as is; an object would be serialised by the client.
  const send = (event: { id: string; type: string }, body: EventEnvelope | Buffer) =>
    publisher.send(
      {
        exchange,
        routingKey: event.type,
        durable: true,
        messageId: event.id,
        contentType: 'application/json',
      },
      body,
    );

  return {
    async publish(events: EventEnvelope[]) {
      await Promise.all(events.map((event) => send(event, event)));
    },

    async publishSerialized(events: SerializedEvent[]) {
      await Promise.all(events.map((event) => send(event, Buffer.from(event.json))));
    },

    async subscribe(subscription: Subscription) {
      const { consumer } = subscription;
      const queue = names(consumer);
      const delays = subscription.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
      const concurrency = subscription.concurrency ?? 20;
      // Declared on every (re)connect, with the consumer, so a broker restart can't lose them.
      const retryQueues = delays.map((delayMs) => ({
        queue: queue.retry(delayMs),
        durable: true,
        arguments: {
          'x-message-ttl': delayMs,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': queue.queue,
        },
      }));
      await connection.queueDeclare({
        queue: queue.deadLetter,
        durable: true,
        arguments: { 'x-queue-type': 'quorum' },
      });
      for (const retryQueue of retryQueues) await connection.queueDeclare(retryQueue);

      const handler = async (message: AsyncMessage) => {
        const attempt = attemptOf(message);
        let event: EventEnvelope;
        try {
          event = validateEnvelope(options.schemas, message.body);
        } catch (error) {
          await deadLetter(consumer, message.body, describe(error), attempt, 'invalid');
          return;
        }
        try {
          await handleTraced(subscription, event);
          metrics.consumed.inc({ consumer, type: event.type });
        } catch (error) {
          if (attempt > delays.length) {
            await deadLetter(consumer, event, describe(error), attempt, event.type);
            return;
          }
          await publisher.send(
            {
              exchange: '',
              routingKey: queue.retry(delays[attempt - 1]!),
              durable: true,
              messageId: event.id,
              headers: { 'x-attempt': attempt + 1, 'x-last-error': describe(error).slice(0, 1000) },
            },
            event,
          );
          metrics.retried.inc({ consumer, type: event.type });
        }
      };

      const sub = connection.createConsumer(
        {
          queue: queue.queue,
          queueOptions: { durable: true, arguments: { 'x-queue-type': 'quorum' } },
          qos: { prefetchCount: options.prefetch ?? Math.max(concurrency * 2, 20) },
          concurrency,
          exchanges: [{ exchange, type: 'direct', durable: true }],
          queueBindings: boundEventTypes(options.schemas, subscription.eventTypes).map((routingKey) => ({
            exchange,
            queue: queue.queue,
            routingKey,
          })),
        },
        handler,
      );
      sub.on('error', (error) => options.onError?.(error));
      consumers.push(sub);
      await new Promise<void>((resolve) => sub.once('ready', resolve));
      return {
        async close() {
          const index = consumers.indexOf(sub);
          if (index >= 0) consumers.splice(index, 1);
          await sub.close();
        },
      };
    },

    async queueDepth(consumer) {
      try {
        const ok = await connection.queueDeclare({ queue: names(consumer).queue, passive: true });
        return ok.messageCount;
      } catch {
        return 0;
      }
    },

    async deadLetters(consumer, limit = 100) {
      // Peek: get without acking, then close the channel so the broker requeues them.
      const channel = await connection.acquire();
      const letters: DeadLetter[] = [];
      try {
        for (let i = 0; i < limit; i++) {
          const message = await channel.basicGet({ queue: names(consumer).deadLetter, noAck: false });
          if (!message) break;
          letters.push({
            event: message.body,
            reason: String(message.headers?.['x-death-reason'] ?? 'unknown'),
            attempts: Number(message.headers?.['x-attempts'] ?? 0),
          });
        }
      } catch (error) {
        if (!isMissingQueue(error)) throw error;
      } finally {
        await channel.close().catch(() => {});
      }
      return letters;
    },

    async replayDeadLetters(consumer) {
      const channel = await connection.acquire();
      let moved = 0;
      try {
        for (;;) {
          const message = await channel.basicGet({ queue: names(consumer).deadLetter, noAck: false });
          if (!message) break;
          await publisher.send(
            { exchange: '', routingKey: names(consumer).queue, durable: true },
            message.body as object,
          );
          await channel.basicAck({ deliveryTag: message.deliveryTag });
          moved += 1;
        }
      } catch (error) {
        if (!isMissingQueue(error)) throw error;
      } finally {
        await channel.close().catch(() => {});
      }
      return moved;
    },

    async ping() {
      if (!connection.ready) throw new Error('not connected to RabbitMQ');
    },

    async close() {
      await Promise.all(consumers.map((c) => c.close()));
      await publisher.close();
      await connection.close();
    },
  };
}
