// Browser-facing protections: HSTS and the usual security headers on every answer, and CORS only
// for the web app's own origin(s).
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { corsOrigin: string; graphiql: boolean },
): Promise<void> {
  await app.register(helmet, {
    // Sent always: behind a TLS-terminating ingress the gateway itself speaks plain HTTP.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    contentSecurityPolicy: {
      directives: {
        // The API serves JSON; the web app is same-origin static files. GraphiQL (development
        // only) loads its bundle from a CDN.
        'script-src': options.graphiql ? ["'self'", "'unsafe-inline'", 'https:'] : ["'self'"],
        'connect-src': ["'self'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  const allowed = options.corsOrigin
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  await app.register(cors, {
    origin: allowed,
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'idempotency-key',
      'x-request-id',
      'if-match',
      'traceparent',
    ],
    exposedHeaders: [
      'x-request-id',
      'location',
      'etag',
      'retry-after',
      'ratelimit-limit',
      'ratelimit-remaining',
      'ratelimit-reset',
    ],
    maxAge: 600,
  });
}
