// The shared internal token: calls between services carry it in x-internal-token, and a service
// refuses /internal/* without it. The first guard of those routes; the NetworkPolicies are the
// second (docs/deployment.md).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problems } from '../problems.js';

export const INTERNAL_TOKEN_HEADER = 'x-internal-token';
const INTERNAL_PREFIX = '/internal/';

/**
 * Refuses every request to /internal/* that does not carry `token` with a 401 problem. Without a
 * token (local runs, tests that set none, the embedded quick start) it adds nothing and the
 * routes stay open; `internalTokenRequiredInProduction` keeps production from running so.
 */
export function requireInternalToken(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  const expected = Buffer.from(token);
  // Callback style, like createService's hooks: an async one costs a promise on every request.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!isInternal(request) || matches(request.headers[INTERNAL_TOKEN_HEADER], expected)) {
      done();
      return;
    }
    request.log.warn('refused a call to /internal/* without the right internal token');
    done(
      problems.unauthorized(
        `This route is for other Emporium services only: send the shared token in ${INTERNAL_TOKEN_HEADER}.`,
        'internal-token-required',
      ),
    );
  });
}

/** The header a call to another service's /internal/* routes carries; none without a token. */
export function internalTokenHeaders(token: string | undefined): Record<string, string> {
  return token ? { [INTERNAL_TOKEN_HEADER]: token } : {};
}

// The matched route's path too: the router decodes escapes (/%69nternal/…) the raw URL hides.
function isInternal(request: FastifyRequest): boolean {
  return (
    request.url.startsWith(INTERNAL_PREFIX) ||
    (request.routeOptions.url?.startsWith(INTERNAL_PREFIX) ?? false)
  );
}

function matches(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const bytes = Buffer.from(given);
  // timingSafeEqual wants equal lengths; another length is refused without comparing.
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}
