// Who is calling, checked at the edge: the access token is verified against the auth service's keys
// and the route's rule (public, customer, admin) is applied before anything reaches a service.
// Services verify the token again; the identity headers the gateway adds are a convenience only.
import { type Principal, problems } from '@emporium/platform';
import type { FastifyRequest } from 'fastify';
import type { MaybePromise } from '../hooks/maybe-async.js';
import type { Access } from '../routes/route-table.js';
import type { RememberingVerifier } from './verified-token-cache.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Anything carrying headers and a parsed query: a Fastify request of any server flavour. */
type Carrier = Pick<FastifyRequest, 'headers' | 'query'>;

export function bearerToken(request: Carrier, allowQueryToken = false): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    // `<scheme> <token>`, read by position: this runs on every signed-in request, where a split
    // would build an array and its strings only to read two of them.
    const space = header.indexOf(' ');
    if (space === -1 || header.slice(0, space).toLowerCase() !== 'bearer') return undefined;
    const end = header.indexOf(' ', space + 1);
    const token = header.slice(space + 1, end === -1 ? undefined : end);
    return token || undefined;
  }
  if (allowQueryToken) {
    // EventSource cannot send headers, so the SSE stream takes its token from the query string.
    const token = (request.query as Record<string, unknown> | undefined)?.access_token;
    return typeof token === 'string' && token ? token : undefined;
  }
  return undefined;
}

export function satisfies(principal: Principal, access: Access): boolean {
  if (access === 'public' || principal.roles.includes('admin')) return true;
  return access === 'customer' && principal.roles.includes('customer');
}

/**
 * Enforces `access` and sets `request.principal` when a valid token came; throws the 401/403
 * problem otherwise. Synchronous when the token was verified recently (most signed-in requests):
 * a promise only when its signature must be checked.
 */
export function requireAccess(
  verifier: RememberingVerifier,
  access: Access,
  options: { queryToken?: boolean } = {},
) {
  const admit = (request: FastifyRequest, principal: Principal): void => {
    if (!satisfies(principal, access)) {
      throw problems.forbidden(
        access === 'admin' ? 'This route needs the admin role.' : 'This route needs a customer account.',
      );
    }
    request.principal = principal;
  };
  return (request: FastifyRequest): MaybePromise => {
    const token = bearerToken(request, options.queryToken);
    if (access === 'public') {
      // A stale token must not lock a shopper out of the catalog or out of /auth/refresh:
      // public routes read it when valid and otherwise treat the caller as a guest.
      if (!token) return;
      const known = verifier.remembered(token);
      if (known) {
        request.principal = known;
        return;
      }
      return verifier.verify(token).then(
        (principal) => {
          request.principal = principal;
        },
        () => undefined,
      );
    }
    if (!token) throw problems.unauthorized();
    const known = verifier.remembered(token);
    if (known) return admit(request, known);
    return verifier.verify(token).then((principal) => admit(request, principal));
  };
}
