// Admin refunds, cancels and ships of one order sent together, against the order service
// in-process and a real payment service process: each request applies once or is refused with a
// 409 that says why, and the order's refunded total, the payment's and the sum of the order's
// succeeded refunds always agree and never exceed what was captured.
import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBooks } from './support/order-books.js';
import type { ProductStandIn } from './support/product-stand-in.js';
import { type InProcessStack, type ServiceProcess, startInProcessStack } from './support/stack.js';

let stack: InProcessStack;
let products: ProductStandIn;
let payment: ServiceProcess;
let orderDb: SqlDatabase;
let paymentDb: SqlDatabase;
let service: InProcessStack['service'];
let admin: Record<string, string>;

beforeAll(async () => {
  stack = await startInProcessStack({
    orderEnv: {
      DOWNSTREAM_TIMEOUT_MS: '2000',
      // These tests retry by repeating requests; the worker, which would settle pending refunds on
      // its own, has its own test (reconciliation.test.ts).
      REFUND_RECOVERY_INTERVAL_MS: '3600000',
    },
  });
  ({ products, payment, orderDb, paymentDb, service, admin } = stack);
}, 120_000);

afterAll(() => stack?.stop());

const { call, capturedOrder, books } = orderBooks({
  app: () => service.app,
  products: () => products,
  orderDb: () => orderDb,
  paymentDb: () => paymentDb,
  admin: () => admin,
});

const refund = (orderId: string, amount: number | undefined, headers: Record<string, string> = {}) =>
  call(
    'POST',
    `/admin/orders/${orderId}/refund`,
    { reason: 'returned', ...(amount === undefined ? {} : { amount: { amount, currency: 'EUR' } }) },
    { ...admin, ...headers },
  );

describe('refunds of one order sent together', () => {
  it('lets exactly two of six half refunds through; order and payment agree', async () => {
    const { orderId, total } = await capturedOrder(1999);
    expect(total % 2).toBe(0);
    const half = total / 2;
    const answers = await Promise.all(Array.from({ length: 6 }, () => refund(orderId, half)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      // A request that arrives after both halves settled finds the order refunded already.
      if (refused.body.type.endsWith('/invalid-order-transition')) continue;
      expect(refused.body.type).toMatch(/refund-in-progress|refund-exceeds-order/);
      expect(refused.body.remaining.currency).toBe('EUR');
    }
    const after = await books(orderId);
    expect(after).toMatchObject({
      refunded: 2 * half,
      succeeded: 2 * half,
      pending: 0,
      paymentRefunded: 2 * half,
    });
    expect(after.status).toBe(2 * half === total ? 'refunded' : 'confirmed');
  });

  it('refunds an odd total once when six refunds of more than half race', async () => {
    const { orderId, total } = await capturedOrder(2000);
    expect(total % 2).toBe(1);
    const overHalf = Math.ceil(total / 2);
    const answers = await Promise.all(Array.from({ length: 6 }, () => refund(orderId, overHalf)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(5);
    expect(await books(orderId)).toMatchObject({
      status: 'confirmed',
      refunded: overHalf,
      succeeded: overHalf,
      pending: 0,
      paymentStatus: 'partially_refunded',
      paymentRefunded: overHalf,
    });
  });

  it('applies a request repeated with one Idempotency-Key once, together or later', async () => {
    const { orderId } = await capturedOrder(3000);
    const key = { 'idempotency-key': randomUUID() };
    const together = await Promise.all(Array.from({ length: 4 }, () => refund(orderId, 500, key)));
    const later = await refund(orderId, 500, key);
    expect(together.some((a) => a.status === 200)).toBe(true);
    expect(together.every((a) => a.status === 200 || a.body.type.endsWith('/refund-in-progress'))).toBe(true);
    expect(later.status).toBe(200);
    expect(later.body.refunded.amount).toBe(500);
    expect(await books(orderId)).toMatchObject({ refunded: 500, succeeded: 500, paymentRefunded: 500 });
    const reused = await refund(orderId, 700, key);
    expect(reused.status).toBe(422);
  });

  it('refuses a zero amount as bad input naming the field, changing nothing', async () => {
    const { orderId } = await capturedOrder(1000);
    const res = await refund(orderId, 0);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toMatch(/amount/);
    expect(await books(orderId)).toMatchObject({ refunded: 0, succeeded: 0, paymentRefunded: 0 });
  });
});

describe('cancel racing ship or refund', () => {
  it('ends a cancel and a ship sent together in one state, with the money right', async () => {
    const orders = await Promise.all([capturedOrder(1500), capturedOrder(1500), capturedOrder(1500)]);
    await Promise.all(
      orders.map(async ({ orderId, total }) => {
        const [cancel, ship] = await Promise.all([
          call('POST', `/admin/orders/${orderId}/cancel`, { reason: 'Out of stock.' }, admin),
          call('POST', `/admin/orders/${orderId}/ship`, {}, admin),
        ]);
        expect([cancel.status, ship.status].sort()).toEqual([200, 409]);
        const after = await books(orderId);
        if (ship.status === 200) {
          expect(after).toMatchObject({
            status: 'shipped',
            refunded: 0,
            paymentStatus: 'captured',
            paymentRefunded: 0,
          });
        } else {
          expect(ship.body.type).toMatch(/cancel-in-progress|invalid-order-transition/);
          expect(after).toMatchObject({
            status: 'cancelled',
            refunded: total,
            succeeded: total,
            paymentRefunded: total,
          });
        }
      }),
    );
  });

  it('keeps order and payment agreeing when a cancel and a refund race', async () => {
    const orders = await Promise.all([capturedOrder(1500), capturedOrder(1500), capturedOrder(1500)]);
    await Promise.all(
      orders.map(async ({ orderId, total }) => {
        const [cancel] = await Promise.all([
          call('POST', `/admin/orders/${orderId}/cancel`, { reason: 'Out of stock.' }, admin),
          refund(orderId, 100),
        ]);
        const after = await books(orderId);
        expect(after.pending).toBe(0);
        expect(after.refunded).toBe(after.paymentRefunded);
        expect(after.refunded).toBe(after.succeeded);
        if (cancel.status === 200) expect(after).toMatchObject({ status: 'cancelled', refunded: total });
        else expect(after).toMatchObject({ status: 'confirmed', refunded: 100 });
      }),
    );
  });
});

describe('a refund whose payment call fails', () => {
  it('stays pending and is applied once when the same request is repeated', async () => {
    const { orderId } = await capturedOrder(2500);
    const key = { 'idempotency-key': randomUUID() };
    await payment.stop();
    try {
      const failed = await refund(orderId, 700, key);
      expect(failed.status).toBe(503);
      // The pending refund holds its amount: a cancellation meanwhile would refund it twice.
      const cancel = await call('POST', `/admin/orders/${orderId}/cancel`, { reason: 'Lost.' }, admin);
      expect(cancel.status).toBe(409);
      expect(cancel.body.type).toMatch(/refund-in-progress/);
      const { rows } = await orderDb.query<{ status: string }>(
        'select status from order_refunds where order_id = $1',
        [orderId],
      );
      expect(rows.map((r) => r.status)).toEqual(['pending']);
    } finally {
      await payment.start();
    }
    const retried = await refund(orderId, 700, key);
    expect(retried.status).toBe(200);
    expect(await books(orderId)).toMatchObject({
      refunded: 700,
      succeeded: 700,
      pending: 0,
      paymentRefunded: 700,
    });
  });
});
