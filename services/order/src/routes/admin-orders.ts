// Admin: the order list with filters, and the transitions an admin may make.
import { Uuid } from '@emporium/contracts';
import {
  AdminOrderQuery,
  CancelOrderBody,
  Order,
  OrderPage,
  RefundOrderBody,
  ShipOrderBody,
} from '@emporium/contracts/order';
import { principalOf, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { orderAdmin } from '../orders/order-admin.js';
import type { orderQueries } from '../orders/order-queries.js';

const Params = Type.Object({ orderId: Uuid });

export function registerAdminOrderRoutes(
  app: ServiceApp,
  deps: { admin: ReturnType<typeof orderAdmin>; queries: ReturnType<typeof orderQueries> },
) {
  const guard = app.requireRole('admin');

  app.get(
    '/admin/orders',
    { preHandler: guard, schema: { querystring: AdminOrderQuery, response: { 200: OrderPage } } },
    async (request) => deps.queries.all(request.query),
  );

  app.get(
    '/admin/orders/:orderId',
    { preHandler: guard, schema: { params: Params, response: { 200: Order } } },
    async (request) => deps.queries.get(request.params.orderId, principalOf(request)),
  );

  app.post(
    '/admin/orders/:orderId/ship',
    {
      preHandler: guard,
      schema: { params: Params, body: Type.Optional(ShipOrderBody), response: { 200: Order } },
    },
    async (request) => deps.admin.ship(request.params.orderId, principalOf(request), request.body ?? {}),
  );

  app.post(
    '/admin/orders/:orderId/deliver',
    { preHandler: guard, schema: { params: Params, response: { 200: Order } } },
    async (request) => deps.admin.deliver(request.params.orderId, principalOf(request)),
  );

  app.post(
    '/admin/orders/:orderId/cancel',
    { preHandler: guard, schema: { params: Params, body: CancelOrderBody, response: { 200: Order } } },
    async (request) => deps.admin.cancel(request.params.orderId, principalOf(request), request.body.reason),
  );

  app.post(
    '/admin/orders/:orderId/refund',
    { preHandler: guard, schema: { params: Params, body: RefundOrderBody, response: { 200: Order } } },
    async (request) => deps.admin.refund(request.params.orderId, principalOf(request), request.body),
  );
}
