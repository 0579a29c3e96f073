// JSON calls from the gateway itself (GraphQL resolvers, OpenAPI aggregation) through the same pools
// and circuit breakers as the proxy. The caller's token and request context ride along.
import { HttpProblem, startCallSpan } from '@emporium/platform';
import { childTraceparent } from '../proxy/trace-context.js';
import { isUpstreamFailure } from './circuit-breaker.js';
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

/** A write or read the gateway itself sends: JSON body in, JSON out. Never retried. */
export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export function getJson<T>(
  upstream: Upstream,
  path: string,
  context: CallContext,
  hooks: UpstreamCall = {},
): Promise<T> {
  return callJson<T>(upstream, { method: 'GET', path }, context, hooks);
}

export async function callJson<T>(
  upstream: Upstream,
  request: UpstreamRequest,
  context: CallContext,
  hooks: UpstreamCall = {},
): Promise<T> {
  const { method, path } = request;
  if (!upstream.breaker.tryAcquire()) throw circuitOpen(upstream.name, upstream.breaker.retryAfterMs());
  hooks.onCall?.(upstream.name, path);
  const headers: Record<string, string> = {
    ...request.headers,
    accept: 'application/json',
    'x-request-id': context.requestId,
  };
  if (context.authorization) headers.authorization = context.authorization;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  // Traced: a client span under the request's server span names the parent. Untraced: the
  // caller's trace id with a fresh span id, as the proxy does.
  const span = startCallSpan(method, upstream.origin + path, headers);
  if (!span) headers.traceparent = childTraceparent(context.traceparent);
  let response: Awaited<ReturnType<Upstream['pool']['request']>>;
  try {
    response = await upstream.pool.request({
      method,
      path,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      headersTimeout: upstream.timeoutMs,
      bodyTimeout: upstream.timeoutMs,
    });
  } catch (error) {
    span?.end({ error });
    upstream.breaker.recordFailure();
    throw upstreamFailure(upstream.name, error);
  }
  const body = (await response.body.json().catch(() => undefined)) as T | undefined;
  span?.end({ statusCode: response.statusCode });
  if (isUpstreamFailure(response.statusCode, response.headers['retry-after']))
    upstream.breaker.recordFailure();
  else upstream.breaker.recordSuccess();
  if (response.statusCode >= 400) throw relayedProblem(upstream.name, response.statusCode, body);
  return body as T;
}

/**
 * Relays the service's own problem (its type, detail and members such as field `errors`) rather
 * than a generic failure, so gateway-made answers say what the service said.
 */
function relayedProblem(upstream: string, status: number, body: unknown): HttpProblem {
  const problem =
    body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const { type, title, status: _status, detail, instance: _instance, ...members } = problem;
  const slug = (typeof type === 'string' ? type.split('/').pop() : undefined) || 'upstream-error';
  return new HttpProblem(
    status,
    slug,
    typeof title === 'string' ? title : 'Upstream error',
    typeof detail === 'string' ? detail : undefined,
    { ...members, upstream },
  );
}
