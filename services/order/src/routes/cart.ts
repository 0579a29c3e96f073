// Carts: guests address theirs by id; signed-in shoppers also have `GET /cart` and merge their
// guest cart into their own after logging in.

import { Sku, Uuid } from '@emporium/contracts';
import {
  AddCartLineBody,
  Cart,
  CartTotals,
  CartTotalsQuery,
  CartViewQuery,
  MergeCartBody,
  UpdateCartLineBody,
} from '@emporium/contracts/order';
import { principalOf, refusals, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { CartService } from '../cart/cart-service.js';

const CartParams = Type.Object({ cartId: Uuid });
const LineParams = Type.Object({ cartId: Uuid, sku: Sku });

export function registerCartRoutes(app: ServiceApp, carts: CartService) {
  app.post(
    '/cart',
    {
      preHandler: app.optionalAuth,
      schema: { querystring: CartViewQuery, response: { 200: Cart, 201: Cart } },
    },
    async (request, reply) => {
      const { cart, created } = await carts.create(request.principal, request.query.currency);
      return reply.status(created ? 201 : 200).send(cart);
    },
  );

  app.get(
    '/cart',
    {
      preHandler: app.requireRole('customer'),
      schema: { querystring: CartViewQuery, response: { 200: Cart } },
    },
    async (request) => carts.mine(principalOf(request), request.query.currency),
  );

  app.post(
    '/cart/merge',
    {
      preHandler: app.requireRole('customer'),
      schema: {
        querystring: CartViewQuery,
        body: MergeCartBody,
        response: { 200: Cart, ...refusals(404, 409) },
      },
    },
    async (request) => carts.merge(request.body.cartId, principalOf(request), request.query.currency),
  );

  app.get(
    '/cart/:cartId',
    // 403: the cart belongs to another account.
    {
      preHandler: app.optionalAuth,
      schema: { params: CartParams, querystring: CartViewQuery, response: { 200: Cart, ...refusals(403) } },
    },
    async (request) => carts.get(request.params.cartId, request.principal, request.query.currency),
  );

  app.get(
    '/cart/:cartId/totals',
    {
      preHandler: app.optionalAuth,
      schema: {
        summary: "The cart's shipping, tax and total at a destination, before checkout",
        description:
          "Priced by the pricing service as checkout would, in the currency of the country's region: " +
          '409 not-sold-in-region (`skus`: lines on sale but without a price in that currency); ' +
          '422 cart-empty, country-not-served, ' +
          'shipping-option-unavailable, tax-rate-missing; a coupon not applied: coupon-unknown-code, ' +
          'coupon-expired, coupon-not-started, coupon-not-applicable, coupon-limit-reached (with ' +
          '`reason` and `field: querystring.coupon`).',
        params: CartParams,
        querystring: CartTotalsQuery,
        response: { 200: CartTotals, ...refusals(403, 409, 422) },
      },
    },
    async (request) => carts.totals(request.params.cartId, request.principal, request.query),
  );

  app.post(
    '/cart/:cartId/lines',
    {
      preHandler: app.optionalAuth,
      // 409: not that much stock, or not sold in the cart's currency; 422: no such product on sale.
      schema: {
        params: CartParams,
        querystring: CartViewQuery,
        body: AddCartLineBody,
        response: { 200: Cart, ...refusals(403, 409, 422) },
      },
    },
    async (request) =>
      carts.addLine(
        request.params.cartId,
        request.principal,
        request.body.sku,
        request.body.quantity,
        request.query.currency,
      ),
  );

  app.put(
    '/cart/:cartId/lines/:sku',
    {
      preHandler: app.optionalAuth,
      schema: {
        params: LineParams,
        querystring: CartViewQuery,
        body: UpdateCartLineBody,
        response: { 200: Cart, ...refusals(403, 409, 422) },
      },
    },
    async (request) =>
      carts.updateLine(
        request.params.cartId,
        request.principal,
        request.params.sku,
        request.body.quantity,
        request.query.currency,
      ),
  );

  app.delete(
    '/cart/:cartId/lines/:sku',
    {
      preHandler: app.optionalAuth,
      schema: { params: LineParams, querystring: CartViewQuery, response: { 200: Cart, ...refusals(403) } },
    },
    async (request) =>
      carts.removeLine(request.params.cartId, request.principal, request.params.sku, request.query.currency),
  );
}
