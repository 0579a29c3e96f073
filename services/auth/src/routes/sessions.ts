import { ProblemDetails } from '@emporium/contracts';
import { LoginBody, RefreshTokenBody, Session } from '@emporium/contracts/auth';
import type { ServiceApp } from '@emporium/platform';
import type { FastifyRequest } from 'fastify';
import type { AuthContext } from '../context.js';
import { login, logout, refresh } from '../sessions/sessions.js';

export function registerSessionRoutes(
  app: ServiceApp,
  ctx: AuthContext,
  clientIp: (request: FastifyRequest) => string,
): void {
  app.post(
    '/auth/login',
    {
      schema: {
        summary: 'Sign in with e-mail and password',
        body: LoginBody,
        response: { 200: Session, 401: ProblemDetails, 429: ProblemDetails },
      },
    },
    async (request) => login(ctx, { ...request.body, ip: clientIp(request) }),
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        summary: 'Exchange a refresh token for new tokens (the presented one is spent)',
        body: RefreshTokenBody,
        response: { 200: Session, 401: ProblemDetails },
      },
    },
    async (request) => refresh(ctx, request.body.refreshToken),
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        summary: 'End the session the refresh token belongs to',
        body: RefreshTokenBody,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await logout(ctx, request.body.refreshToken);
      return reply.status(204).send();
    },
  );
}
