// OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set: then one tracer provider
// per service name (several services may share a process), a batch span processor and the
// OTLP/HTTP exporter. Unset, nothing here is created and callers skip span work after one check,
// so an untraced request costs a boolean test, not a no-op span.
import {
  type Context,
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  type Span,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { loadOnFirstUse } from '../load-on-first-use.js';

// The exporter (and its protobuf and HTTP stack) loads only once tracing is switched on.
const otlpHttp = loadOnFirstUse<typeof import('@opentelemetry/exporter-trace-otlp-http')>(
  '@opentelemetry/exporter-trace-otlp-http',
);
const providers = new Map<string, BasicTracerProvider>();
const propagator = new W3CTraceContextPropagator();
const TRACER = Symbol('emporium.tracer');
let contextManagerSet = false;

/** The collector's base URL (the exporter posts to `<it>/v1/traces`), read when first needed. */
function endpoint(): string | undefined {
  return process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined;
}

function providerFor(service: string, url: string): BasicTracerProvider {
  let provider = providers.get(service);
  if (!provider) {
    const exporter = new (otlpHttp().OTLPTraceExporter)({ url: `${url.replace(/\/+$/, '')}/v1/traces` });
    provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new BatchSpanProcessor(exporter)],
    });
    providers.set(service, provider);
  }
  if (!contextManagerSet) {
    // Carries the active span from a request's hooks into the handler's awaits, so the clients
    // deep inside a use case find their parent without it being passed down. Only when tracing.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  return provider;
}

/** The service's tracer, or undefined when tracing is off. */
export function tracerFor(service: string): Tracer | undefined {
  const url = endpoint();
  return url === undefined ? undefined : providerFor(service, url).getTracer('@emporium/platform');
}

/** A context with `span` active and the tracer that made it, for the spans started under it. */
export function contextWithSpan(parent: Context, span: Span, tracer: Tracer): Context {
  return trace.setSpan(parent, span).setValue(TRACER, tracer);
}

/** The tracer of the span active in `ctx` (set by contextWithSpan), if any. */
export function tracerOf(ctx: Context): Tracer | undefined {
  return ctx.getValue(TRACER) as Tracer | undefined;
}

/** The context a `traceparent` header describes (the root context when it is absent or invalid). */
export function contextFrom(traceparent: string | string[] | undefined): Context {
  if (typeof traceparent !== 'string') return ROOT_CONTEXT;
  return propagator.extract(
    ROOT_CONTEXT,
    { traceparent },
    {
      get: (carrier, key) => carrier[key as 'traceparent'],
      keys: (carrier) => Object.keys(carrier),
    },
  );
}

/** The `traceparent` (and `tracestate`) naming the span active in `ctx`, written into headers. */
export function injectInto(ctx: Context, headers: Record<string, unknown>): void {
  propagator.inject(ctx, headers, {
    set: (carrier, key, value) => {
      carrier[key] = value;
    },
  });
}

/** True once some service in this process traces: a flag check cheap enough for hot paths. */
export function tracingStarted(): boolean {
  return contextManagerSet;
}

/** The `traceparent` of the active span, or undefined when tracing is off or no span is active. */
export function activeTraceparent(): string | undefined {
  if (!contextManagerSet) return undefined;
  const span = trace.getSpan(context.active());
  if (!span || !isSpanContextValid(span.spanContext())) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}

/** Flushes and closes one service's provider (on its app's close). */
export async function shutdownTracing(service: string): Promise<void> {
  const provider = providers.get(service);
  if (!provider) return;
  providers.delete(service);
  await provider.shutdown();
}

/** Flushes and closes every provider in the process (last step of a shutdown). */
export async function shutdownAllTracing(): Promise<void> {
  await Promise.all([...providers.keys()].map(shutdownTracing));
}
