// A client span around a call to another service, child of the span active in the caller (a
// request's server span, an event's consumer span), with its `traceparent` put into the call's
// headers so the callee's server span hangs under it.
import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextWithSpan, injectInto, tracerOf, tracingStarted } from './tracing.js';

export interface CallSpan {
  /** Ends the span with the callee's status (>= 500 is an error) or the failure that ended the call. */
  end(outcome: { statusCode: number } | { error: unknown }): void;
}

/**
 * Starts the span and writes its trace context into `headers`. Undefined (and headers untouched)
 * when tracing is off or nothing traced is running here, e.g. a background retry.
 */
export function startCallSpan(
  method: string,
  url: string,
  headers: Record<string, string>,
): CallSpan | undefined {
  if (!tracingStarted()) return undefined;
  const parent = context.active();
  const tracer = tracerOf(parent);
  if (!tracer || !trace.getSpan(parent)) return undefined;
  const target = new URL(url);
  const span = tracer.startSpan(
    method,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': method,
        'server.address': target.hostname,
        'server.port': Number(target.port) || (target.protocol === 'https:' ? 443 : 80),
        // Without the query: it may carry tokens.
        'url.full': `${target.origin}${target.pathname}`,
      },
    },
    parent,
  );
  injectInto(contextWithSpan(parent, span, tracer), headers);
  return { end: (outcome) => endCall(span, outcome) };
}

function endCall(span: Span, outcome: { statusCode: number } | { error: unknown }): void {
  if ('error' in outcome) {
    const error = outcome.error;
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
  } else {
    span.setAttribute('http.response.status_code', outcome.statusCode);
    if (outcome.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
