// The shared internal token: calls between services carry it in x-internal-token, and a service
// refuses /internal/* without it. The first guard of those routes; the NetworkPolicies are the
// second (docs/deployment.md).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problems } from '../problems.js';

export const INTERNAL_TOKEN_HEADER = 'x-internal-token';
const INTERNAL_PREFIX = '/internal/';

/**
 * The values a service accepts in x-internal-token. `alsoAccepted` is never sent: it lets a
 * rotation of INTERNAL_TOKEN go without a window of 401s, because pods that still send the old
 * value and pods that already send the new one are both let through (docs/deployment.md).
 */
export interface AcceptedInternalTokens {
  token?: string | undefined;
  alsoAccepted?: string | undefined;
}

/**
 * Refuses every request to /internal/* that carries none of the accepted values with a 401
 * problem. Without any (a service started by hand, tests that set none) it adds nothing and the
 * routes stay open; `internalTokenRequiredInProduction` keeps production from running so, and
 * both `npm start` modes hand every service a token.
 */
export function requireInternalToken(
  app: FastifyInstance,
  { token, alsoAccepted }: AcceptedInternalTokens,
): void {
  const accepted = [token, alsoAccepted].flatMap((value) => (value ? [Buffer.from(value)] : []));
  if (accepted.length === 0) return;
  // Callback style, like createService's hooks: an async one costs a promise on every request.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!isInternal(request) || matchesOne(request.headers[INTERNAL_TOKEN_HEADER], accepted)) {
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

function matchesOne(given: string | string[] | undefined, accepted: Buffer[]): boolean {
  if (typeof given !== 'string') return false;
  const bytes = Buffer.from(given);
  // timingSafeEqual wants equal lengths; another length is refused without comparing. Stopping
  // at the first match only tells a caller which of the values it already holds matched.
  return accepted.some((expected) => bytes.length === expected.length && timingSafeEqual(bytes, expected));
}
