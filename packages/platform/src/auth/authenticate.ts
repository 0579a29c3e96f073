// Route guards for services: `preHandler: app.requireRole('customer')` and `request.principal`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { problems } from '../problems.js';
import type { Principal, Role, TokenVerifier } from './token-verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyInstance {
    /** Requires a valid access token carrying one of the roles (admin satisfies every role). */
    requireRole(...roles: Role[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Reads the token if present, without requiring it (guest-friendly routes such as carts). */
    optionalAuth: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

/** How a route guard treats a token, read from the route's preHandlers when documenting it. */
export type GuardKind = 'required' | 'optional';
const GUARD_KIND = Symbol('emporium.guardKind');

function markGuard<T extends object>(guard: T, kind: GuardKind): T {
  return Object.assign(guard, { [GUARD_KIND]: kind });
}

export function guardKindOf(handler: unknown): GuardKind | undefined {
  return typeof handler === 'function' ? (handler as { [GUARD_KIND]?: GuardKind })[GUARD_KIND] : undefined;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}

export const authentication = fp<{ verifier: TokenVerifier }>(
  async (app: FastifyInstance, { verifier }) => {
    app.decorate('requireRole', (...roles: Role[]) =>
      markGuard(async (request: FastifyRequest) => {
        const token = bearerToken(request);
        if (!token) throw problems.unauthorized();
        const principal = await verifier.verify(token);
        const allowed =
          principal.roles.includes('admin') || roles.some((role) => principal.roles.includes(role));
        if (!allowed) throw problems.forbidden();
        request.principal = principal;
      }, 'required'),
    );
    app.decorate(
      'optionalAuth',
      markGuard(async (request: FastifyRequest) => {
        const token = bearerToken(request);
        if (token) request.principal = await verifier.verify(token);
      }, 'optional'),
    );
  },
  { name: 'emporium-authentication' },
);

/** The signed-in principal of a guarded route (throws 401 if the guard was forgotten). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw problems.unauthorized();
  return request.principal;
}
