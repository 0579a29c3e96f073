// CloudEvents 1.0 envelope (JSON structured mode) with W3C trace context.
import { randomUUID } from 'node:crypto';
import type { TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import '../formats.js';
import { activeTraceparent } from '../tracing/tracing.js';

export interface EventEnvelope<T = unknown> {
  specversion: '1.0';
  id: string;
  type: string;
  source: string;
  time: string;
  datacontenttype: 'application/json';
  subject?: string;
  traceparent?: string;
  data: T;
}

export interface NewEvent<T = unknown> {
  type: string;
  data: T;
  /** The entity the event is about, e.g. an order id. */
  subject?: string;
  traceparent?: string;
}

/** Event type → schema of its data. Producers and consumers validate against the same map. */
export type EventSchemas = Record<string, TSchema>;

export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

export function createEnvelope<T>(source: string, event: NewEvent<T>): EventEnvelope<T> {
  // The producer's span (the request or event being handled), so consumers join its trace.
  const traceparent = event.traceparent ?? activeTraceparent();
  return {
    specversion: '1.0',
    id: randomUUID(),
    type: event.type,
    source,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    ...(event.subject ? { subject: event.subject } : {}),
    ...(traceparent ? { traceparent } : {}),
    data: event.data,
  };
}

// Every event is checked twice (on enqueue and on receipt): a schema compiled once to a checker
// function is an order of magnitude cheaper than interpreting it per event.
const checkers = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checkerFor(schema: TSchema): TypeCheck<TSchema> {
  let checker = checkers.get(schema);
  if (!checker) {
    checker = TypeCompiler.Compile(schema);
    checkers.set(schema, checker);
  }
  return checker;
}

/** Throws InvalidEventError naming what is wrong; returns the envelope typed otherwise. */
export function validateEnvelope(schemas: EventSchemas, raw: unknown): EventEnvelope {
  const envelope = raw as Partial<EventEnvelope> | null;
  if (!envelope || typeof envelope !== 'object') throw new InvalidEventError('event is not a JSON object');
  for (const field of ['id', 'type', 'source', 'time'] as const) {
    if (typeof envelope[field] !== 'string' || envelope[field] === '') {
      throw new InvalidEventError(`event has no ${field}`);
    }
  }
  if (envelope.specversion !== '1.0') throw new InvalidEventError('event specversion is not 1.0');
  const type = envelope.type as string;
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema) throw new InvalidEventError(`unknown event type ${type}`);
  const checker = checkerFor(schema);
  if (checker.Check(envelope.data)) return envelope as EventEnvelope;
  const firstError = checker.Errors(envelope.data).First();
  throw new InvalidEventError(
    `${envelope.type} data${firstError?.path || ''}: ${firstError?.message ?? 'does not match its schema'}`,
  );
}

/** AMQP topic pattern match: `*` is one word, `#` zero or more. */
export function matchesTopic(pattern: string, routingKey: string): boolean {
  const match = (p: string[], k: string[]): boolean => {
    if (p.length === 0) return k.length === 0;
    const [head, ...rest] = p;
    if (head === '#') return match(rest, k) || (k.length > 0 && match(p, k.slice(1)));
    if (k.length === 0) return false;
    return (head === '*' || head === k[0]) && match(rest, k.slice(1));
  };
  return match(pattern.split('.'), routingKey.split('.'));
}
