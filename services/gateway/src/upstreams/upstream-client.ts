// JSON calls from the gateway itself (GraphQL resolvers, OpenAPI aggregation) through the same pools
// and circuit breakers as the proxy. The caller's token and request context ride along.
import { HttpProblem } from '@emporium/platform';
import { childTraceparent } from '../proxy/trace-context.js';
import { circuitOpen, upstreamFailure } from './upstream-problems.js';
import type { Upstream } from './upstreams.js';

export interface CallContext {
  requestId: string;
  traceparent?: string;
  authorization?: string;
}

export interface UpstreamCall {
  /** Counts calls per upstream and path, so tests and metrics can see batching at work. */
  onCall?: (upstream: string, path: string) => void;
}

export async function getJson<T>(
  upstream: Upstream,
  path: string,
  context: CallContext,
  hooks: UpstreamCall = {},
): Promise<T> {
  if (!upstream.breaker.tryAcquire()) throw circuitOpen(upstream.name, upstream.breaker.retryAfterMs());
  hooks.onCall?.(upstream.name, path);
  const headers: Record<string, string> = {
    accept: 'application/json',
    'x-request-id': context.requestId,
    traceparent: childTraceparent(context.traceparent),
  };
  if (context.authorization) headers.authorization = context.authorization;
  let response: Awaited<ReturnType<Upstream['pool']['request']>>;
  try {
    response = await upstream.pool.request({
      method: 'GET',
      path,
      headers,
      headersTimeout: upstream.timeoutMs,
      bodyTimeout: upstream.timeoutMs,
    });
  } catch (error) {
    upstream.breaker.recordFailure();
    throw upstreamFailure(upstream.name, error);
  }
  const body = (await response.body.json().catch(() => undefined)) as
    | (T & { type?: string; title?: string; detail?: string })
    | undefined;
  if (response.statusCode >= 500) upstream.breaker.recordFailure();
  else upstream.breaker.recordSuccess();
  if (response.statusCode >= 400) {
    // Relay the service's own problem (its type and detail) rather than a generic failure.
    const slug = body?.type?.split('/').pop() ?? 'upstream-error';
    throw new HttpProblem(response.statusCode, slug, body?.title ?? 'Upstream error', body?.detail, {
      upstream: upstream.name,
    });
  }
  return body as T;
}
