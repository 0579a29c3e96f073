// Admin: the order list with filters, and the transitions an admin may make.
import { ProblemDetails, Uuid } from '@emporium/contracts';
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

// 409: the order is not where the action needs it, or another action on it is under way
// (cancel-in-progress, refund-in-progress, refund-exceeds-order with `remaining`, payment-refused);
// 503: the payment service did not answer (a refund stays pending, a cancellation under way).
const Refused = { 409: ProblemDetails };
const PaymentRefused = { 409: ProblemDetails, 503: ProblemDetails };

export function registerAdminOrderRoutes(
  app: ServiceApp,
  deps: { admin: ReturnType<typeof orderAdmin>; queries: ReturnType<typeof orderQueries> },
) {
  const guard = app.requireRole('admin');

  app.get(
    '/admin/orders',
    {
      preHandler: guard,
      schema: { querystring: AdminOrderQuery, response: { 200: OrderPage, 400: ProblemDetails } },
    },
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
      schema: { params: Params, body: Type.Optional(ShipOrderBody), response: { 200: Order, ...Refused } },
    },
    async (request) => deps.admin.ship(request.params.orderId, principalOf(request), request.body ?? {}),
  );

  app.post(
    '/admin/orders/:orderId/deliver',
    { preHandler: guard, schema: { params: Params, response: { 200: Order, ...Refused } } },
    async (request) => deps.admin.deliver(request.params.orderId, principalOf(request)),
  );

  app.post(
    '/admin/orders/:orderId/cancel',
    {
      preHandler: guard,
      schema: { params: Params, body: CancelOrderBody, response: { 200: Order, ...PaymentRefused } },
    },
    async (request) => deps.admin.cancel(request.params.orderId, principalOf(request), request.body.reason),
  );

  app.post(
    '/admin/orders/:orderId/refund',
    {
      preHandler: guard,
      schema: {
        params: Params,
        body: RefundOrderBody,
        // Optional: the same key repeats the same refund (a retry after a 503 resumes it) instead
        // of making another; without one, every request is a refund of its own.
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        response: { 200: Order, 422: ProblemDetails, ...PaymentRefused },
      },
    },
    async (request) =>
      deps.admin.refund(request.params.orderId, principalOf(request), {
        ...request.body,
        ...(request.headers['idempotency-key'] ? { idempotencyKey: request.headers['idempotency-key'] } : {}),
      }),
  );
}
