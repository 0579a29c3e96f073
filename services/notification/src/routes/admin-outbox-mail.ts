// With SMTP_URL=memory: (embedded quick start) the mails "sent" are kept in the database; admins
// read them here (and with `npm run -w @emporium/notification mail -- list`).
import { ProblemDetails, Uuid } from '@emporium/contracts';
import { Cursor, SinkMailDetail, SinkMailPage } from '@emporium/contracts/notification';
import { HttpProblem, problems, type ServiceApp, type SqlDatabase } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import { findSinkMail, sinkMailPage } from '../repositories/mail-sink.js';

const sinkOff = () =>
  new HttpProblem(
    404,
    'mail-sink-off',
    'Not found',
    'Mail goes to a real SMTP server (SMTP_URL); there is no sink to read.',
  );

export function registerAdminOutboxMailRoutes(
  app: ServiceApp,
  { db, sinkEnabled }: { db: SqlDatabase; sinkEnabled: boolean },
): void {
  const admin = app.requireRole('admin');

  app.get(
    '/admin/notifications/outbox-mail',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        querystring: Type.Object({
          cursor: Type.Optional(Cursor),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        }),
        response: { 200: SinkMailPage, 400: ProblemDetails },
      },
    },
    async (request) => {
      if (!sinkEnabled) throw sinkOff();
      return sinkMailPage(db, { cursor: request.query.cursor, limit: request.query.limit ?? 20 });
    },
  );

  app.get(
    '/admin/notifications/outbox-mail/:id',
    {
      preHandler: admin,
      schema: { tags: ['admin'], params: Type.Object({ id: Uuid }), response: { 200: SinkMailDetail } },
    },
    async (request) => {
      if (!sinkEnabled) throw sinkOff();
      const mail = await findSinkMail(db, request.params.id);
      if (!mail) throw problems.notFound(`Mail ${request.params.id}`);
      return mail;
    },
  );
}
