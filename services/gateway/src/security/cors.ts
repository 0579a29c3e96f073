// CORS for the web app's own origin(s), without a general CORS plugin: every header value depends
// only on the settings, so they are built once at start, and per request this is one header read
// and one set lookup. A request without an allowed Origin gets only `Vary: Origin`; the grant's
// headers mean nothing to it.
import { problems } from '@emporium/platform';
import type { FastifyInstance, FastifyReply } from 'fastify';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key, x-request-id, if-match, traceparent';
const EXPOSED_HEADERS =
  'x-request-id, location, etag, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** The origins a CORS_ORIGIN setting lists (comma-separated). */
function allowedOrigins(setting: string): Set<string> {
  return new Set(
    setting
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  );
}

export function registerCors(app: FastifyInstance, corsOrigin: string): void {
  const allowed = allowedOrigins(corsOrigin);
  const grant = (reply: FastifyReply, origin: string) =>
    reply.headers({
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': EXPOSED_HEADERS,
    });

  app.addHook('onRequest', (request, reply, done) => {
    // Whether an answer grants access depends on the Origin, so shared caches must key on it.
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (origin !== undefined && allowed.has(origin)) grant(reply, origin);
    if (request.method !== 'OPTIONS') return done();
    // Preflights are answered here, never by a service, and before any access rule or rate
    // limit: a browser sends them without the credentials the real request will carry. The
    // gateway routes no OPTIONS, so this hook answers every one.
    if (origin === undefined) {
      return done(problems.badRequest('A CORS preflight needs an Origin header.', 'invalid-preflight'));
    }
    if (request.headers['access-control-request-method'] === undefined) {
      return done(
        problems.badRequest(
          'A CORS preflight needs an Access-Control-Request-Method header.',
          'invalid-preflight',
        ),
      );
    }
    // An origin not allowed got no Access-Control-Allow-Origin above, which is how the browser
    // learns the answer: refused.
    reply
      .code(204)
      .headers({
        'access-control-allow-methods': ALLOWED_METHODS,
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
        // Browsers (Safari) wait for a body on a 204 without it.
        'content-length': '0',
      })
      .send();
  });
}
