import { Counter, Gauge, Registry } from 'prom-client';

export interface EventMetrics {
  published: Counter<'type'>;
  consumed: Counter<'consumer' | 'type'>;
  retried: Counter<'consumer' | 'type'>;
  deadLettered: Counter<'consumer' | 'type'>;
  outboxLag: Gauge;
  outboxPending: Gauge;
}

const cache = new WeakMap<Registry, EventMetrics>();

/** One set of event metrics per registry (a service's), created on first use. */
export function eventMetrics(registry: Registry = new Registry()): EventMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const metrics: EventMetrics = {
    published: new Counter({
      name: 'emporium_events_published_total',
      help: 'Events confirmed by the broker',
      labelNames: ['type'],
      registers,
    }),
    consumed: new Counter({
      name: 'emporium_events_consumed_total',
      help: 'Events handled successfully',
      labelNames: ['consumer', 'type'],
      registers,
    }),
    retried: new Counter({
      name: 'emporium_events_retried_total',
      help: 'Failed handlings scheduled for retry',
      labelNames: ['consumer', 'type'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'emporium_events_dead_lettered_total',
      help: 'Events moved to a dead-letter queue',
      labelNames: ['consumer', 'type'],
      registers,
    }),
    outboxLag: new Gauge({
      name: 'emporium_outbox_lag_seconds',
      help: 'Age of the oldest unpublished outbox event',
      registers,
    }),
    outboxPending: new Gauge({
      name: 'emporium_outbox_pending',
      help: 'Unpublished outbox events',
      registers,
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}
