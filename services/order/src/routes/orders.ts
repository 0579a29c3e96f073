// Checkout and the shopper's orders. POST /orders needs an Idempotency-Key: the same key and body
// return the same order (200), another body with the same key is refused (422). One cart makes at
// most one order: another key for a cart being or already checked out answers 409 with that
// order's id and Location. A checkout the saga refused answers with a problem saying why.
// Checkouts pass an admission gate first: beyond the ones in flight and a short queue, a checkout
// is refused with 503 and Retry-After before anything is read or written, so the same request
// (same key) may simply be sent again. One whose client has hung up while it queued is dropped.

import type { ServerResponse } from 'node:http';
import { ProblemDetails, Uuid } from '@emporium/contracts';
import { CheckoutBody, Order, OrderPage } from '@emporium/contracts/order';
import {
  type AdmissionGate,
  ClientGone,
  HttpProblem,
  principalOf,
  refusals,
  type ServiceApp,
} from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import { CART_ALREADY_CHECKED_OUT, checkoutRefusal, orderLocation } from '../checkout/checkout-problems.js';
import type { placeOrderUseCase } from '../checkout/place-order.js';
import type { orderQueries } from '../orders/order-queries.js';

// A guest's order id is its only credential: no browser or proxy may keep a copy of the order.
const PRIVATE = 'private, no-store';

const Unavailable = Type.Object({ sku: Type.String(), requested: Type.Integer(), available: Type.Integer() });

// A checkout the saga refused: the attempt's id (not an order; GET /orders/{id} still shows it),
// the refusal's code and the reason in words; the cart stays open for another try.
const refusalFacts = {
  attemptId: Type.Optional(Uuid),
  code: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
};

const CheckoutRefused = Type.Composite([ProblemDetails, Type.Object(refusalFacts)], {
  additionalProperties: true,
  description: 'payment-declined: the card was refused; nothing was charged or reserved.',
});

const CheckoutConflict = Type.Composite(
  [
    ProblemDetails,
    Type.Object({
      orderId: Type.Optional(Uuid),
      ...refusalFacts,
      unavailable: Type.Optional(Type.Array(Unavailable)),
    }),
  ],
  {
    additionalProperties: true,
    description:
      "cart-already-checked-out (orderId, and Location: the order of the cart's checkout under another key) · " +
      'out-of-stock (unavailable lines) · checkout-failed (no answer in time) · cart-changed · ' +
      "prices-changed · not-sold-in-region (skus: lines without a price in the destination region's currency) · " +
      'cart-has-unavailable-items · cart-closed · coupon-limit-reached (a ' +
      'promotion was used up between the quote and the checkout; field: couponCode)',
  },
);

const CheckoutBusy = Type.Composite(
  [ProblemDetails, Type.Object({ retryAfter: Type.Optional(Type.Integer({ minimum: 1 })) })],
  {
    additionalProperties: true,
    description:
      'checkout-busy: too many checkouts under way; nothing was ordered, reserved or charged. Send the ' +
      "same request (same Idempotency-Key) again after the Retry-After header's seconds (also `retryAfter`).",
  },
);

export function registerOrderRoutes(
  app: ServiceApp,
  deps: {
    placeOrder: ReturnType<typeof placeOrderUseCase>;
    queries: ReturnType<typeof orderQueries>;
    /** Bounds the checkouts in flight; the holder of a place keeps it until it answers. */
    admission: AdmissionGate;
  },
) {
  app.post(
    '/orders',
    {
      preHandler: app.optionalAuth,
      schema: {
        body: CheckoutBody,
        // Required in the schema, so the document says so and a missing key is refused by name.
        headers: Type.Object({
          'idempotency-key': Type.String({
            minLength: 1,
            maxLength: 200,
            description: 'The same key when this checkout is retried',
          }),
        }),
        // 402: the card was declined; 409: the cart is checked out already, items gone, prices or
        // stock changed, a promotion used up; 403: another account's cart; 422: an empty cart, a
        // key already used for another checkout, or a coupon not applied (coupon-<reason>).
        response: {
          200: Order,
          201: Order,
          402: CheckoutRefused,
          409: CheckoutConflict,
          503: CheckoutBusy,
          ...refusals(403, 404, 422),
        },
      },
    },
    // The place is held until the answer, which waits for the saga (CHECKOUT_INLINE_WAIT_MS): the
    // saga's reservations and charge are most of a checkout's work, so they count against it too.
    (request, reply) =>
      deps.admission
        .run(async () => {
          const key = request.headers['idempotency-key'];
          const { orderId, created, settled, failure } = await deps
            .placeOrder(request.body, key, request.principal)
            .catch((error: unknown) => {
              if (error instanceof HttpProblem && error.slug === CART_ALREADY_CHECKED_OUT) {
                reply.header('location', orderLocation(error.extensions.orderId as string));
              }
              throw error;
            });
          // An order settled by this request's own saga is answered as it knows it; others are read.
          const order = settled ?? (await deps.queries.get(orderId, request.principal));
          if (!created) reply.header('idempotent-replayed', 'true');
          if (order.status === 'checkout_failed') {
            reply.header('cache-control', PRIVATE);
            throw checkoutRefusal(order, failure ?? (await deps.queries.checkoutFailure(orderId)));
          }
          return reply
            .status(created ? 201 : 200)
            .header('location', orderLocation(orderId))
            .header('cache-control', PRIVATE)
            .send(order);
        }, clientLeft(reply.raw))
        .catch((error: unknown) => {
          // Nobody waits for this answer: nothing ran, and there is no socket left to write to.
          if (error instanceof ClientGone) {
            request.log.info('checkout dropped: its client left while it queued');
            reply.hijack();
            reply.raw.destroy();
            return;
          }
          throw error;
        }),
  );

  app.get(
    '/orders',
    {
      preHandler: app.requireRole('customer'),
      schema: {
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          before: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: OrderPage },
      },
    },
    async (request) => deps.queries.mine(principalOf(request), request.query.limit, request.query.before),
  );

  app.get(
    '/orders/:orderId',
    {
      preHandler: app.optionalAuth,
      schema: { params: Type.Object({ orderId: Uuid }), response: { 200: Order } },
    },
    async (request, reply) => {
      reply.header('cache-control', PRIVATE);
      return deps.queries.get(request.params.orderId, request.principal);
    },
  );
}

/** Aborts when the connection closes before the answer was sent: the client is not waiting. */
function clientLeft(response: ServerResponse): AbortSignal {
  const left = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) left.abort();
  });
  return left.signal;
}
