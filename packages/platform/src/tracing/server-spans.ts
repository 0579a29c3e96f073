// A server span per request: continues the caller's `traceparent`, is named after the route
// template (never the raw URL, whose ids would make every name unique) and ends with the status.
// Callback-style hooks, as in create-service.ts: an async hook costs a promise per request.
import { type Context, context, type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contextFrom, contextWithSpan, injectInto } from './tracing.js';

interface RequestTrace {
  span: Span;
  context: Context;
}

// Keyed by the request object, so the trace goes with it and needs no decorator on every request.
const traces = new WeakMap<object, RequestTrace>();

export function registerRequestTracing(app: FastifyInstance, tracer: Tracer): void {
  app.addHook('onRequest', (request, reply, done) => {
    const parent = contextFrom(request.headers.traceparent);
    const route = request.routeOptions.url ?? 'unmatched';
    const span = tracer.startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'http.route': route,
          'url.path': request.url.split('?', 1)[0],
        },
      },
      parent,
    );
    const ctx = contextWithSpan(parent, span, tracer);
    traces.set(request, { span, context: ctx });
    // Fastify gives request and reply a logger each: both log the request's lines.
    request.log = request.log.child({ traceId: span.spanContext().traceId });
    reply.log = request.log;
    context.with(ctx, done);
  });
  // The body arrives on the socket's own events, outside the context set above: set it again so
  // the handler and everything it awaits see the request's span.
  app.addHook('preHandler', (request, _reply, done) => {
    const current = traces.get(request);
    if (current) context.with(current.context, done);
    else done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const current = traces.get(request);
    if (current) {
      current.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) current.span.setStatus({ code: SpanStatusCode.ERROR });
      current.span.end();
      traces.delete(request);
    }
    done();
  });
}

/**
 * Writes the request's server span as `traceparent` into headers (e.g. of a proxied request, so
 * the service's span hangs under the gateway's). Returns false when the request is not traced.
 */
export function injectRequestTrace(
  request: Pick<FastifyRequest, 'id'>,
  headers: Record<string, unknown>,
): boolean {
  const current = traces.get(request);
  if (!current) return false;
  injectInto(current.context, headers);
  return true;
}
