import { ProblemDetails, Uuid } from '@emporium/contracts';
import { AdminUserDetail, AdminUserList, AdminUserQuery } from '@emporium/contracts/user';
import type { ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { UserContext } from '../context.js';
import { getUserDetail, listUsers } from '../profiles/directory.js';

export function registerAdminUserRoutes(app: ServiceApp, ctx: UserContext): void {
  const guard = app.requireRole('admin');

  app.get(
    '/admin/users',
    {
      schema: {
        summary: 'Users, newest first, optionally filtered by e-mail or name',
        querystring: AdminUserQuery,
        response: { 200: AdminUserList, 400: ProblemDetails },
      },
      preHandler: guard,
    },
    async (request) => listUsers(ctx, request.query),
  );

  app.get(
    '/admin/users/:id',
    {
      schema: {
        summary: 'One user with profile and addresses',
        params: Type.Object({ id: Uuid }),
        response: { 200: AdminUserDetail, 400: ProblemDetails, 404: ProblemDetails },
      },
      preHandler: guard,
    },
    async (request) => getUserDetail(ctx, request.params.id),
  );
}
