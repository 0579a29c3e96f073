// Registers the public REST API: one proxy per route-table entry, each in its own scope with its
// access rule, its rate limit, its upstream's circuit breaker and timeout.
import type { IncomingHttpHeaders } from 'node:http';
import { HttpProblem, type TokenVerifier } from '@emporium/platform';
import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, requireAccess } from '../access/identity.js';
import type { RateLimiters } from '../limits/rate-limits.js';
import { passThroughBodies } from '../proxy/body-limit.js';
import { toClientHeaders, toUpstreamHeaders } from '../proxy/forwarded-headers.js';
import { circuitOpen, upstreamFailure } from '../upstreams/upstream-problems.js';
import type { Upstream, Upstreams } from '../upstreams/upstreams.js';
import { API_PREFIX, type PublicRoute, publicRoutes } from './route-table.js';

// OPTIONS stays at the gateway: CORS preflights are answered here, never by a service.
const PROXIED_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD']);
// A kept-alive connection the service closed just as we reused it: safe to resend a read once.
const RETRYABLE_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);

export interface ProxyDeps {
  upstreams: Upstreams;
  verifier: TokenVerifier;
  limiters: RateLimiters;
  bodyLimitBytes: number;
}

function guardCircuit(upstream: Upstream) {
  return async (_request: FastifyRequest, reply: FastifyReply) => {
    if (upstream.breaker.tryAcquire()) return;
    const problem = circuitOpen(upstream.name, upstream.breaker.retryAfterMs());
    reply.header('retry-after', String(problem.extensions.retryAfter));
    throw problem;
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
  await app.register(async (scope) => {
    passThroughBodies(scope, deps.bodyLimitBytes);
    scope.addHook('onRequest', requireAccess(deps.verifier, route.access, { queryToken: route.stream }));
    scope.addHook(
      'onRequest',
      route.limit === 'credentials' ? deps.limiters.credentials : deps.limiters.general,
    );
    scope.addHook('onRequest', guardCircuit(upstream));

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
          if (route.stream && !upstreamHeaders.authorization && request.principal) {
            upstreamHeaders.authorization = `Bearer ${bearerToken(request, true)}`;
          }
          return upstreamHeaders;
        },
        rewriteHeaders: (headers) => toClientHeaders(headers as IncomingHttpHeaders) as IncomingHttpHeaders,
        onResponse: (_request, reply, response) => {
          if (response.statusCode >= 500) upstream.breaker.recordFailure();
          else upstream.breaker.recordSuccess();
          // Tell any buffering proxy in front of us to pass events through as they come.
          if (route.stream) reply.header('x-accel-buffering', 'no');
          reply.send(response.stream);
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
