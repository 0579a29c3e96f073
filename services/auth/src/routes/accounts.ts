import { ProblemDetails } from '@emporium/contracts';
import { AuthUser, RegisterBody, Session, VerifyEmailBody } from '@emporium/contracts/auth';
import { principalOf, problems, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import { register } from '../accounts/register.js';
import { verifyEmail } from '../accounts/verify-email.js';
import type { AuthContext } from '../context.js';
import { findUserById } from '../repositories/users.js';
import { sessionUser } from '../sessions/sessions.js';

export function registerAccountRoutes(app: ServiceApp, ctx: AuthContext): void {
  app.post(
    '/auth/register',
    {
      schema: {
        summary: 'Create a customer account; signs in and e-mails a verification link',
        body: RegisterBody,
        response: { 201: Session, 400: ProblemDetails, 409: ProblemDetails },
      },
    },
    async (request, reply) => reply.status(201).send(await register(ctx, request.body)),
  );

  app.post(
    '/auth/verify-email',
    {
      schema: {
        summary: 'Confirm the e-mail address with the token from the verification link',
        body: VerifyEmailBody,
        response: { 200: Type.Object({ emailVerified: Type.Literal(true) }), 400: ProblemDetails },
      },
    },
    async (request) => {
      await verifyEmail(ctx, request.body.token);
      return { emailVerified: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      schema: { summary: 'The signed-in account', response: { 200: AuthUser, 401: ProblemDetails } },
      preHandler: app.requireRole('customer'),
    },
    async (request) => {
      const user = await findUserById(ctx.db, principalOf(request).userId);
      if (!user) throw problems.notFound('The account');
      return sessionUser(user);
    },
  );
}
