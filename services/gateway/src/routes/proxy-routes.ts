// Registers the public REST API: one proxy per route-table entry, each in its own scope with its
// access rule, its rate limit, its upstream's circuit breaker and timeout.
import type { IncomingHttpHeaders } from 'node:http';
import { HttpProblem, injectRequestTrace } from '@emporium/platform';
import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { bearerToken, requireAccess } from '../access/identity.js';
import type { RememberingVerifier } from '../access/verified-token-cache.js';
import { cacheKey, clientCachePolicy, type ResponseCache } from '../cache/response-cache.js';
import type { MaybePromise } from '../hooks/maybe-async.js';
import type { RateLimiters } from '../limits/rate-limits.js';
import { passThroughBodies } from '../proxy/body-limit.js';
import { toClientHeaders, toUpstreamHeaders } from '../proxy/forwarded-headers.js';
import { isUpstreamFailure } from '../upstreams/circuit-breaker.js';
import { circuitOpen, upstreamFailure } from '../upstreams/upstream-problems.js';
import type { Upstream, Upstreams } from '../upstreams/upstreams.js';
import { API_PREFIX, type PublicRoute, publicRoutes, type UpstreamName } from './route-table.js';

// OPTIONS stays at the gateway: CORS preflights are answered here, never by a service.
const PROXIED_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD']);
// A kept-alive connection the service closed just as we reused it: safe to resend a read once.
const RETRYABLE_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);

export interface ProxyDeps {
  upstreams: Upstreams;
  verifier: RememberingVerifier;
  limiters: RateLimiters;
  bodyLimitBytes: number;
  /** One shared response cache per upstream (see cache/response-cache.ts). */
  caches: Record<UpstreamName, ResponseCache>;
}

/** What @fastify/reply-from hands to onResponse (its type declaration says otherwise). */
interface UpstreamResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  stream: NodeJS.ReadableStream;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when a GET could have been answered from the cache, so its answer can be stored. */
    responseCacheKey?: string;
  }
}

/**
 * Answers a GET from the cache when a fresh entry exists (true: answered); otherwise notes the key
 * for storing.
 */
function answeredFromCache(cache: ResponseCache, request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.method !== 'GET') return false;
  const policy = clientCachePolicy(request.headers);
  const key = cacheKey(request.url, request.headers);
  const entry = policy.reuse ? cache.get(key) : undefined;
  if (!entry) {
    // A client asking for a fresh answer still refreshes the stored one for everybody else.
    if (policy.store) request.responseCacheKey = key;
    return false;
  }
  reply
    .code(200)
    .headers(entry.headers)
    .header('age', String(Math.floor((Date.now() - entry.storedAt) / 1000)))
    .header('x-cache', 'HIT');
  reply.send(entry.body);
  return true;
}

// Plain events rather than an async iterator: this runs for every cacheable answer.
function readBody(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer | string) =>
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
    );
    stream.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

/** Sends the upstream answer, keeping a copy when the service allows and emptying on writes. */
function forwardAnswer(
  cache: ResponseCache,
  request: Pick<FastifyRequest, 'method' | 'responseCacheKey'>,
  reply: { header(name: string, value: string): unknown; send(payload: unknown): unknown },
  response: UpstreamResponse,
) {
  const key = request.responseCacheKey;
  const ttlMs = key ? cache.storableFor(response.statusCode, response.headers) : 0;
  if (key && ttlMs > 0) {
    reply.header('x-cache', 'MISS');
    readBody(response.stream).then(
      (body) => {
        // A hit replays these: the service's hop-by-hop and internal headers stay out, as on a miss.
        cache.set(key, ttlMs, toClientHeaders(response.headers) as IncomingHttpHeaders, body);
        reply.send(body);
      },
      (error: Error) => reply.send(error),
    );
    return;
  }
  // A write through the gateway may change what the service's cached reads show.
  if (!IDEMPOTENT_METHODS.has(request.method)) cache.clear();
  reply.send(response.stream);
}

function refuseWhileCircuitOpen(upstream: Upstream, reply: FastifyReply): void {
  if (upstream.breaker.tryAcquire()) return;
  const problem = circuitOpen(upstream.name, upstream.breaker.retryAfterMs());
  reply.header('retry-after', String(problem.extensions.retryAfter));
  throw problem;
}

type Done = (error?: Error) => void;

/**
 * The route's gate, in order: access rule, rate limit, edge cache, circuit breaker. One hook
 * rather than four: each hook in Fastify's chain costs a step on every proxied request. Callback
 * style, with steps that make a promise only when they wait (a token to verify, an exact quota's
 * Redis round trip), and no closure made per request unless one waits: a signed-in read with a
 * remembered token makes neither.
 */
function admitRequest(
  route: PublicRoute,
  upstream: Upstream,
  cache: ResponseCache,
  deps: ProxyDeps,
): onRequestHookHandler {
  const checkAccess = requireAccess(deps.verifier, route.access, { queryToken: route.stream });
  const countRequest = deps.limiters[route.limit ?? 'general'];
  const cacheable = cache.enabled && !route.stream;

  function openGate(request: FastifyRequest, reply: FastifyReply, done: Done): void {
    try {
      // An answer from the cache was sent: the chain stops here (no `done`, as Fastify asks of a
      // callback-style hook that replies).
      if (cacheable && answeredFromCache(cache, request, reply)) return;
      refuseWhileCircuitOpen(upstream, reply);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  }
  function countThenOpen(request: FastifyRequest, reply: FastifyReply, done: Done): void {
    let counting: MaybePromise;
    try {
      counting = countRequest(request, reply);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (counting) counting.then(() => openGate(request, reply, done), done);
    else openGate(request, reply, done);
  }
  return function admit(request, reply, done) {
    let verifying: MaybePromise;
    try {
      verifying = checkAccess(request);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (verifying) verifying.then(() => countThenOpen(request, reply, done), done);
    else countThenOpen(request, reply, done);
  };
}

function retryOnceIfSafe(details: { err?: Error; req: { method: string }; attempt: number }): number | null {
  if (details.attempt >= 1 || !details.err || !IDEMPOTENT_METHODS.has(details.req.method)) return null;
  const code = (details.err as { code?: string }).code;
  return code && RETRYABLE_CODES.has(code) ? 10 : null;
}

function errorProblem(upstream: Upstream, error: Error): HttpProblem {
  // A body cut off by the size limit surfaces here as the upload's error.
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof HttpProblem) return cause;
  return upstreamFailure(upstream.name, error);
}

async function registerRoute(app: FastifyInstance, route: PublicRoute, deps: ProxyDeps): Promise<void> {
  const upstream = deps.upstreams[route.upstream];
  const cache = deps.caches[route.upstream];
  await app.register(async (scope) => {
    passThroughBodies(scope, route.bodyLimitBytes ?? deps.bodyLimitBytes);
    scope.addHook('onRequest', admitRequest(route, upstream, cache, deps));

    await scope.register(httpProxy, {
      upstream: upstream.origin,
      prefix: API_PREFIX + route.prefix,
      rewritePrefix: route.prefix,
      undici: upstream.pool,
      proxyPayloads: false,
      httpMethods: PROXIED_METHODS,
      disableRequestLogging: true,
      replyOptions: {
        // 0 = none: an event stream stays open as long as the shopper keeps the page.
        timeout: route.stream ? 0 : upstream.timeoutMs,
        retryDelay: retryOnceIfSafe,
        rewriteRequestHeaders: (request, headers) => {
          const upstreamHeaders = toUpstreamHeaders(headers as IncomingHttpHeaders, {
            requestId: request.id,
            clientIp: request.ip,
            protocol: request.protocol,
            host: request.headers.host,
            principal: request.principal,
          });
          // Traced: the service's span is a child of the gateway's server span for this request.
          injectRequestTrace(request, upstreamHeaders);
          if (route.stream && !upstreamHeaders.authorization && request.principal) {
            upstreamHeaders.authorization = `Bearer ${bearerToken(request, true)}`;
          }
          return upstreamHeaders;
        },
        rewriteHeaders: (headers) => toClientHeaders(headers as IncomingHttpHeaders) as IncomingHttpHeaders,
        onResponse: (request, reply, raw) => {
          const response = raw as unknown as UpstreamResponse;
          if (isUpstreamFailure(response.statusCode, response.headers['retry-after'])) {
            upstream.breaker.recordFailure();
          } else upstream.breaker.recordSuccess();
          // Tell any buffering proxy in front of us to pass events through as they come.
          if (route.stream) reply.header('x-accel-buffering', 'no');
          forwardAnswer(cache, request, reply, response);
        },
        onError: (reply, { error }) => {
          const problem = errorProblem(upstream, error);
          if (problem.status >= 500) upstream.breaker.recordFailure();
          reply.request.log.warn({ err: error, upstream: upstream.name }, 'upstream call failed');
          reply.send(problem);
        },
      },
    });
  });
}

export async function registerProxyRoutes(app: FastifyInstance, deps: ProxyDeps): Promise<void> {
  for (const route of publicRoutes) await registerRoute(app, route, deps);
}
