// Browser-facing protections: security headers on every answer, chosen by what the browser will do
// with it (see answer-security-headers.ts), HSTS on answers over TLS, and CORS only for the web
// app's own origin(s).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { API_SECURITY_HEADERS, rendersAsDocument } from './answer-security-headers.js';
import { registerCors } from './cors.js';

/**
 * Helmet's headers depend only on its options, so they are worked out once at start and copied
 * onto every answer, instead of running helmet's middleware (which re-parses the CSP) per request.
 */
export function staticHelmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

const HSTS = 'max-age=31536000; includeSubDomains';

export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { corsOrigin: string; graphiql: boolean },
): Promise<void> {
  const documentHeaders = staticHelmetHeaders({
    // HSTS is added per answer below, only over TLS.
    strictTransportSecurity: false,
    contentSecurityPolicy: {
      directives: {
        // The web app and the API reference are same-origin static files. GraphiQL (development
        // only) loads its bundle from a CDN.
        'script-src': options.graphiql ? ["'self'", "'unsafe-inline'", 'https:'] : ["'self'"],
        'connect-src': ["'self'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  // In onSend, not onRequest: only then is the answer's content type known (a proxied answer's
  // comes from the service, an error's from the problem handler).
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(
      rendersAsDocument(reply.getHeader('content-type')) ? documentHeaders : API_SECURITY_HEADERS,
    );
    // Browsers ignore HSTS on plain HTTP (RFC 6797), and on a plain-HTTP gateway it would only
    // announce TLS that this host does not serve. Behind a TLS-terminating ingress the ingress
    // sends it (docs/deployment.md). The socket decides, not X-Forwarded-Proto: the gateway does
    // not trust forwarded headers.
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done(null, payload);
  });
  registerCors(app, options.corsOrigin);
}
