// Who is calling, checked at the edge: the access token is verified against the auth service's keys
// and the route's rule (public, customer, admin) is applied before anything reaches a service.
// Services verify the token again; the identity headers the gateway adds are a convenience only.
import { type Principal, problems, type TokenVerifier } from '@emporium/platform';
import type { FastifyRequest } from 'fastify';
import type { Access } from '../routes/route-table.js';

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
    const [scheme, token] = header.split(' ');
    return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
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

/** An onRequest hook enforcing `access` and setting `request.principal` when a valid token came. */
export function requireAccess(
  verifier: TokenVerifier,
  access: Access,
  options: { queryToken?: boolean } = {},
) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request, options.queryToken);
    if (access === 'public') {
      // A stale token must not lock a shopper out of the catalog or out of /auth/refresh:
      // public routes read it when valid and otherwise treat the caller as a guest.
      if (token) request.principal = await verifier.verify(token).catch(() => undefined);
      return;
    }
    if (!token) throw problems.unauthorized();
    const principal = await verifier.verify(token);
    if (!satisfies(principal, access)) {
      throw problems.forbidden(
        access === 'admin' ? 'This route needs the admin role.' : 'This route needs a customer account.',
      );
    }
    request.principal = principal;
  };
}
