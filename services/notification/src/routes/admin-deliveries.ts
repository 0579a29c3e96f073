// The delivery log for admins: search by status, recipient and kind; see why a mail failed;
// queue a failed mail again.
import { ProblemDetails, Uuid } from '@emporium/contracts';
import { Delivery, DeliveryDetail, DeliveryPage, DeliveryQuery } from '@emporium/contracts/notification';
import { problems, refusals, type ServiceApp, type SqlDatabase } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { DeliveryWorker } from '../delivery/delivery-worker.js';
import { findDelivery, requeueFailed, searchDeliveries } from '../repositories/deliveries.js';

export function registerAdminDeliveryRoutes(
  app: ServiceApp,
  { db, worker }: { db: SqlDatabase; worker?: Pick<DeliveryWorker, 'kick'> },
): void {
  const admin = app.requireRole('admin');
  const params = Type.Object({ id: Uuid });

  app.get(
    '/admin/notifications/deliveries',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        querystring: DeliveryQuery,
        response: { 200: DeliveryPage, 400: ProblemDetails },
      },
    },
    async (request) => searchDeliveries(db, { ...request.query, limit: request.query.limit ?? 20 }),
  );

  app.get(
    '/admin/notifications/deliveries/:id',
    { preHandler: admin, schema: { tags: ['admin'], params, response: { 200: DeliveryDetail } } },
    async (request) => {
      const delivery = await findDelivery(db, request.params.id);
      if (!delivery) throw problems.notFound(`Delivery ${request.params.id}`);
      return delivery;
    },
  );

  app.post(
    '/admin/notifications/deliveries/:id/retry',
    // 409: only a failed delivery can be retried.
    { preHandler: admin, schema: { tags: ['admin'], params, response: { 200: Delivery, ...refusals(409) } } },
    async (request) => {
      const { id } = request.params;
      if (!(await requeueFailed(db, id))) {
        const delivery = await findDelivery(db, id);
        if (!delivery) throw problems.notFound(`Delivery ${id}`);
        throw problems.conflict(
          `Delivery ${id} is ${delivery.status}; only failed mails can be retried.`,
          'delivery-not-failed',
        );
      }
      worker?.kick();
      const { html: _html, text: _text, ...delivery } = (await findDelivery(db, id))!;
      return delivery;
    },
  );
}
