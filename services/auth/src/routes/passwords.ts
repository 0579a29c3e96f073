import { ProblemDetails } from '@emporium/contracts';
import { ChangePasswordBody, ForgotPasswordBody, ResetPasswordBody } from '@emporium/contracts/auth';
import { principalOf, type ServiceApp } from '@emporium/platform';
import type { FastifyRequest } from 'fastify';
import { changePassword, requestPasswordReset, resetPassword } from '../accounts/passwords.js';
import type { AuthContext } from '../context.js';

export function registerPasswordRoutes(
  app: ServiceApp,
  ctx: AuthContext,
  clientIp: (request: FastifyRequest) => string,
  sessionOf: (request: FastifyRequest) => string | undefined,
): void {
  app.post(
    '/auth/password/change',
    {
      schema: {
        summary: 'Change the password; every other session is signed out',
        body: ChangePasswordBody,
        response: { 204: { type: 'null' }, 400: ProblemDetails, 403: ProblemDetails, 429: ProblemDetails },
      },
      preHandler: app.requireRole('customer'),
    },
    async (request, reply) => {
      await changePassword(ctx, {
        userId: principalOf(request).userId,
        sessionId: sessionOf(request),
        ...request.body,
        ip: clientIp(request),
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/password/forgot',
    {
      schema: {
        summary: 'E-mail a password reset link (always accepted; never says whether the account exists)',
        body: ForgotPasswordBody,
        response: { 202: { type: 'null' } },
      },
    },
    async (request, reply) => {
      // Answered before the work: how long it takes must not tell whether the account exists.
      requestPasswordReset(ctx, request.body.email).catch((error) =>
        request.log.error({ err: error }, 'password reset request failed'),
      );
      return reply.status(202).send();
    },
  );

  app.post(
    '/auth/password/reset',
    {
      schema: {
        summary: 'Set a new password with the token from the reset link; signs out every session',
        body: ResetPasswordBody,
        response: { 204: { type: 'null' }, 400: ProblemDetails },
      },
    },
    async (request, reply) => {
      await resetPassword(ctx, request.body);
      return reply.status(204).send();
    },
  );
}
