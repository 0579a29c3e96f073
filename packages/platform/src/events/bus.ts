// The event bus ports. Two adapters: RabbitMQ (distributed) and in-process (embedded quick start).
import type { EventEnvelope } from './envelope.js';

/** An event as its envelope's JSON text, with the fields a publisher routes it by. */
export interface SerializedEvent {
  id: string;
  type: string;
  /** The whole envelope (EventEnvelope) as JSON. */
  json: string;
}

export interface EventPublisher {
  /** Resolves once the broker has confirmed every event (or, in-process, delivered it). */
  publish(events: EventEnvelope[]): Promise<void>;
  /**
   * publish() for events already serialised (the outbox stores them as JSON): sent as they are,
   * where parsing them only to serialise them again cost the relay two JSON passes per event.
   * Publishers without it are given the parsed envelopes.
   */
  publishSerialized?(events: SerializedEvent[]): Promise<void>;
  /**
   * Set when publish() resolves only after this process's own handlers ran (the in-process bus).
   * They use the database, so the outbox relay must not hold a transaction open across publish():
   * an embedded, single-session database would wait on itself.
   */
  readonly deliversInProcess?: boolean;
}

export interface Subscription {
  /** Names the consumer's durable queue, e.g. 'notification'. One queue per consuming service. */
  consumer: string;
  /** Event types (topic patterns allowed: `order.*`) this consumer receives. */
  eventTypes: string[];
  /** Throwing means "try again later": the event is retried with backoff, then dead-lettered. */
  handle(event: EventEnvelope): Promise<void>;
  /** Delays between attempts; after the last one the event goes to the dead-letter queue. */
  retryDelaysMs?: number[];
  /** Events handled at once. */
  concurrency?: number;
}

export interface DeadLetter {
  event: unknown;
  reason: string;
  attempts: number;
}

/** A running consumer. */
export interface Consumer {
  /** Stops taking events; resolves once the ones being handled are done. */
  close(): Promise<void>;
}

export interface EventBus extends EventPublisher {
  subscribe(subscription: Subscription): Promise<Consumer>;
  /** Events waiting in a consumer's queue (not counting ones being retried). */
  queueDepth(consumer: string): Promise<number>;
  /** Reads the dead letters of a consumer without removing them. */
  deadLetters(consumer: string, limit?: number): Promise<DeadLetter[]>;
  /** Moves a consumer's dead letters back to its queue; returns how many. */
  replayDeadLetters(consumer: string): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_RETRY_DELAYS_MS = [1000, 5000, 30_000];
