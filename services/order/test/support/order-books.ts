// What the admin-action tests need of a running order service: calls by inject, a captured order
// to act on, and the books that must agree afterwards (the order's refunded total, its refund
// rows, a cancellation under way, and the payment's own record).
import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '@emporium/platform';
import { uniqueName, waitFor } from '@emporium/platform/testing';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { ProductStandIn } from './product-stand-in.js';
import { address, CARDS } from './shopper.js';

export interface OrderBooksDeps {
  /** The order service to call (read at each call: tests start it in beforeAll). */
  app: () => FastifyInstance;
  products: () => ProductStandIn;
  orderDb: () => SqlDatabase;
  paymentDb: () => SqlDatabase;
  admin: () => Record<string, string>;
}

export function orderBooks(deps: OrderBooksDeps) {
  async function call(
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) {
    const res = await deps.app().inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.body ? res.json() : undefined };
  }

  async function paymentOf(orderId: string) {
    const { rows } = await deps
      .paymentDb()
      .query<{ status: string; refunded_amount: number }>(
        'select status, refunded_amount from payments where order_id = $1',
        [orderId],
      );
    return rows[0];
  }

  return {
    call,
    paymentOf,

    /** A confirmed order of one item at `price`, its payment captured; its total. */
    async capturedOrder(price: number): Promise<{ orderId: string; total: number }> {
      const sku = uniqueName('SKU').toUpperCase();
      deps.products().put({ sku, title: `Mug ${sku}`, price, available: 10 });
      const cart = await call('POST', '/cart', {});
      await call('POST', `/cart/${cart.body.cartId}/lines`, { sku, quantity: 1 });
      const placed = await call(
        'POST',
        '/orders',
        {
          cartId: cart.body.cartId,
          email: 'ada@example.com',
          shippingAddress: address,
          shippingMethod: 'standard',
          paymentToken: CARDS.success,
        },
        { 'idempotency-key': randomUUID() },
      );
      expect(placed.body.status).toBe('confirmed');
      const orderId = placed.body.orderId as string;
      await waitFor(async () => (await paymentOf(orderId))?.status === 'captured');
      return { orderId, total: placed.body.totals.total.amount };
    },

    /** The order's and the payment's books, which must agree. */
    async books(orderId: string) {
      const order = (await call('GET', `/admin/orders/${orderId}`, undefined, deps.admin())).body;
      const { rows } = await deps.orderDb().query<{ succeeded: number; pending: number; cancelling: number }>(
        `select coalesce(sum(amount) filter (where status = 'succeeded'), 0)::int as succeeded,
                count(*) filter (where status = 'pending')::int as pending,
                (select count(*)::int from order_cancellations where order_id = $1) as cancelling
         from order_refunds where order_id = $1`,
        [orderId],
      );
      const paid = await paymentOf(orderId);
      return {
        status: order.status as string,
        timeline: order.timeline as { to: string; reason: string; actor: string }[],
        refunded: order.refunded.amount as number,
        succeeded: rows[0]!.succeeded,
        pending: rows[0]!.pending,
        cancelling: rows[0]!.cancelling,
        paymentStatus: paid!.status,
        paymentRefunded: Number(paid!.refunded_amount),
      };
    },
  };
}
