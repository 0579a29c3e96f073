// A consumer span per delivered event, child of the producer's span named by the envelope's
// `traceparent` (the CloudEvents distributed-tracing extension), active while the handler runs.
import { context, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { Subscription } from '../events/bus.js';
import type { EventEnvelope } from '../events/envelope.js';
import { contextFrom, contextWithSpan, tracerFor, tracingStarted } from './tracing.js';

/** Runs the subscription's handler for one event; under a consumer span when tracing is on. */
export function handleTraced(subscription: Subscription, event: EventEnvelope): Promise<void> {
  // Not async: untraced, the handler's promise is returned as is, without one more per event.
  if (!tracingStarted()) return subscription.handle(event);
  // The consumer names the service that owns the queue: its spans carry that service's name.
  const tracer = tracerFor(subscription.consumer);
  return tracer ? handleInSpan(tracer, subscription, event) : subscription.handle(event);
}

async function handleInSpan(tracer: Tracer, subscription: Subscription, event: EventEnvelope): Promise<void> {
  const parent = contextFrom(event.traceparent);
  const span = tracer.startSpan(
    `${event.type} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.operation.type': 'process',
        'messaging.destination.name': event.type,
        'messaging.consumer.group.name': subscription.consumer,
        'messaging.message.id': event.id,
      },
    },
    parent,
  );
  try {
    await context.with(contextWithSpan(parent, span, tracer), () => subscription.handle(event));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
