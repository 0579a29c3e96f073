// Returns and exchanges: the shopper asks (POST /orders/{id}/returns or /exchanges,
// Idempotency-Key: the same key and body replay it, another body is refused with 422); the shop
// approves or rejects, receives and refunds (/admin/orders/{id}/returns/{returnId}/…; an exchange
// settles its difference and ships its replacement when received). Each answers with the order,
// returns included; refusals are 409 problems that say what conflicts.
import { Money, ProblemDetails, Uuid } from '@emporium/contracts';
import {
  Order,
  ReceiveReturnBody,
  RejectReturnBody,
  RequestExchangeBody,
  RequestReturnBody,
} from '@emporium/contracts/order';
import { type Principal, principalOf, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { orderQueries } from '../orders/order-queries.js';
import { actorOf } from '../orders/order-refunds.js';
import type { exchangeOptions } from '../returns/exchange-options.js';
import type { orderExchanges } from '../returns/order-exchanges.js';
import type { orderReturns } from '../returns/order-returns.js';

const OrderParams = Type.Object({ orderId: Uuid });
const ReturnParams = Type.Object({ orderId: Uuid, returnId: Uuid });

const ReturnCreated = Type.Composite([Order, Type.Object({ returnId: Uuid })], {
  description: 'The order with its new return; returnId names it.',
});

const RequestRefused = Type.Composite(
  [
    ProblemDetails,
    Type.Object({
      lines: Type.Optional(
        Type.Array(
          Type.Object({ sku: Type.String(), requested: Type.Integer(), returnable: Type.Integer() }),
        ),
      ),
      closedAt: Type.Optional(Type.String({ format: 'date-time' })),
    }),
  ],
  {
    additionalProperties: true,
    description:
      'order-not-delivered · return-window-closed (closedAt) · quantity-exceeds-returnable (lines: what was asked and what can still be returned)',
  },
);

const ExchangeOptions = Type.Object(
  {
    lines: Type.Array(
      Type.Object({
        sku: Type.String(),
        /** Units of the line that may still be sent back. */
        returnable: Type.Integer(),
        replacements: Type.Array(
          Type.Object({
            sku: Type.String(),
            title: Type.String(),
            price: Money,
            /** Per unit, tax included: > 0 the shopper pays it, < 0 it is refunded. */
            difference: Money,
            available: Type.Integer(),
          }),
        ),
      }),
    ),
  },
  { description: 'Per delivered line with units left to send back, the variants it may be exchanged for.' },
);

const StepRefused = {
  404: ProblemDetails,
  409: Type.Composite([ProblemDetails], {
    additionalProperties: true,
    description:
      'invalid-return-transition · return-already-received · shipping-already-refunded · ' +
      'refund-in-progress · refund-exceeds-order · invalid-order-transition · ' +
      'replacement-out-of-stock (an exchange: sku, available) · payment-refused',
  }),
};

export function registerReturnRoutes(
  app: ServiceApp,
  deps: {
    returns: ReturnType<typeof orderReturns>;
    exchanges: ReturnType<typeof orderExchanges>;
    options: ReturnType<typeof exchangeOptions>;
    queries: ReturnType<typeof orderQueries>;
  },
) {
  const idempotencyKey = Type.Object({
    'idempotency-key': Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The same key when this request is retried',
    }),
  });

  /**
   * What a shopper's return and exchange request share: the order must be visible to the caller
   * (owner, admin, or anyone holding a guest order's id, its only credential), the request is
   * created or replayed by its Idempotency-Key, and the answer is the order as it is now.
   */
  async function shopperRequest(
    request: {
      params: { orderId: string };
      headers: { 'idempotency-key': string };
      principal?: Principal | undefined;
    },
    reply: FastifyReply,
    create: (
      orderId: string,
      actor: string,
      idempotencyKey: string,
    ) => Promise<{ returnId: string; created: boolean }>,
  ) {
    const { orderId } = request.params;
    await deps.queries.get(orderId, request.principal);
    const actor = request.principal ? `customer:${request.principal.userId}` : 'guest';
    const { returnId, created } = await create(orderId, actor, request.headers['idempotency-key']);
    if (!created) reply.header('idempotent-replayed', 'true');
    const order = await deps.queries.get(orderId, request.principal);
    return reply
      .status(created ? 201 : 200)
      .header('cache-control', 'private, no-store')
      .send({ ...order, returnId });
  }

  app.post(
    '/orders/:orderId/returns',
    {
      preHandler: app.optionalAuth,
      schema: {
        params: OrderParams,
        body: RequestReturnBody,
        headers: idempotencyKey,
        response: {
          200: ReturnCreated,
          201: ReturnCreated,
          404: ProblemDetails,
          409: RequestRefused,
          422: ProblemDetails,
        },
      },
    },
    (request, reply) =>
      shopperRequest(request, reply, (orderId, actor, idempotencyKey) =>
        deps.returns.request(orderId, actor, { ...request.body, idempotencyKey }),
      ),
  );

  app.get(
    '/orders/:orderId/exchange-options',
    {
      preHandler: app.optionalAuth,
      schema: {
        summary: 'What the delivered lines of an order may be exchanged for, with the difference',
        params: OrderParams,
        response: { 200: ExchangeOptions, 404: ProblemDetails, 503: ProblemDetails },
      },
    },
    async (request, reply) => {
      const { orderId } = request.params;
      await deps.queries.get(orderId, request.principal);
      const lines = await deps.options.forOrder(orderId);
      return reply.header('cache-control', 'private, no-store').send({ lines });
    },
  );

  app.post(
    '/orders/:orderId/exchanges',
    {
      preHandler: app.optionalAuth,
      schema: {
        summary: 'Exchange delivered units for another variant of the same product',
        params: OrderParams,
        body: RequestExchangeBody,
        headers: idempotencyKey,
        response: {
          200: ReturnCreated,
          201: ReturnCreated,
          // payment-declined: the difference could not be authorized; nothing was stored.
          402: ProblemDetails,
          404: ProblemDetails,
          409: RequestRefused,
          422: ProblemDetails,
          503: ProblemDetails,
        },
      },
    },
    (request, reply) =>
      shopperRequest(request, reply, (orderId, actor, idempotencyKey) =>
        deps.exchanges.request(orderId, actor, { ...request.body, idempotencyKey }),
      ),
  );

  const guard = app.requireRole('admin');
  const answer = (orderId: string, request: Parameters<typeof principalOf>[0]) =>
    deps.queries.get(orderId, principalOf(request));

  app.post(
    '/admin/orders/:orderId/returns/:returnId/approve',
    {
      preHandler: guard,
      // 503 stock-unavailable: an exchange's replacement could not be reserved yet.
      schema: { params: ReturnParams, response: { 200: Order, ...StepRefused, 503: ProblemDetails } },
    },
    async (request) => {
      const { orderId, returnId } = request.params;
      await deps.returns.approve(orderId, returnId, actorOf(principalOf(request)));
      return answer(orderId, request);
    },
  );

  app.post(
    '/admin/orders/:orderId/returns/:returnId/reject',
    {
      preHandler: guard,
      schema: { params: ReturnParams, body: RejectReturnBody, response: { 200: Order, ...StepRefused } },
    },
    async (request) => {
      const { orderId, returnId } = request.params;
      await deps.returns.reject(orderId, returnId, actorOf(principalOf(request)), request.body.reason);
      return answer(orderId, request);
    },
  );

  app.post(
    '/admin/orders/:orderId/returns/:returnId/receive',
    {
      preHandler: guard,
      schema: {
        params: ReturnParams,
        body: ReceiveReturnBody,
        // 503 stock-unavailable: received, but the product service has not taken the units back
        // yet; the same request repeated retries that.
        response: { 200: Order, ...StepRefused, 503: ProblemDetails },
      },
    },
    async (request) => {
      const { orderId, returnId } = request.params;
      await deps.returns.receive(orderId, returnId, principalOf(request), request.body);
      return answer(orderId, request);
    },
  );

  app.post(
    '/admin/orders/:orderId/returns/:returnId/refund',
    {
      preHandler: guard,
      schema: {
        params: ReturnParams,
        // 503 payment-unavailable: the refund stays pending; the same request repeated resumes it.
        response: { 200: Order, ...StepRefused, 503: ProblemDetails },
      },
    },
    async (request) => {
      const { orderId, returnId } = request.params;
      const admin = principalOf(request);
      await deps.returns.refund(orderId, returnId, admin, actorOf(admin));
      return answer(orderId, request);
    },
  );
}
