import type { SqlDatabase } from '@emporium/platform';
import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBooks } from './support/order-books.js';
import type { ProductStandIn } from './support/product-stand-in.js';
import { type InProcessStack, type ServiceProcess, startInProcessStack } from './support/stack.js';

let stack: InProcessStack;
let products: ProductStandIn;
let payment: ServiceProcess;
let orderDb: SqlDatabase;
let paymentDb: SqlDatabase;
let replicas: InProcessStack['replicas'];
let admin: Record<string, string>;
let adminId: string;
let published: Map<string, string[]>;

beforeAll(async () => {
  // Two replicas on one database, each running its worker often.
  stack = await startInProcessStack({
    replicas: 2,
    orderEnv: { DOWNSTREAM_TIMEOUT_MS: '2000', REFUND_RECOVERY_INTERVAL_MS: '100' },
  });
  ({ products, payment, orderDb, paymentDb, replicas, admin, adminId, published } = stack);
}, 120_000);

afterAll(() => stack?.stop());

const { call, capturedOrder, books } = orderBooks({
  app: () => replicas[0]!.app,
  products: () => products,
  orderDb: () => orderDb,
  paymentDb: () => paymentDb,
  admin: () => admin,
});

const refund = (orderId: string, amount: number) =>
  call(
    'POST',
    `/admin/orders/${orderId}/refund`,
    { reason: 'Returned.', amount: { amount, currency: 'EUR' } },
    admin,
  );

/** Runs `during` while the payment service is down, and starts it again whatever happens. */
async function withPaymentDown(during: () => Promise<void>): Promise<void> {
  await payment.stop();
  try {
    await during();
  } finally {
    await payment.start();
  }
}

describe('the reconciliation worker', () => {
  it('settles a refund answered 503 once payment is back, without another request', async () => {
    const { orderId } = await capturedOrder(2500);
    await withPaymentDown(async () => {
      const failed = await refund(orderId, 700);
      expect(failed.status).toBe(503);
      expect(await books(orderId)).toMatchObject({ pending: 1, refunded: 0 });
    });
    await waitFor(async () => (await books(orderId)).pending === 0, 30_000);
    expect(await books(orderId)).toMatchObject({
      status: 'confirmed',
      refunded: 700,
      succeeded: 700,
      paymentStatus: 'partially_refunded',
      paymentRefunded: 700,
    });
  }, 90_000);

  it('finishes a cancellation interrupted by a payment outage as the admin asked', async () => {
    const { orderId, total } = await capturedOrder(1800);
    await withPaymentDown(async () => {
      const cancel = await call(
        'POST',
        `/admin/orders/${orderId}/cancel`,
        { reason: 'Damaged in stock.' },
        admin,
      );
      expect(cancel.status).toBe(503);
      expect(await books(orderId)).toMatchObject({ status: 'confirmed', cancelling: 1 });
      const ship = await call('POST', `/admin/orders/${orderId}/ship`, {}, admin);
      expect(ship.body.type).toMatch(/cancel-in-progress/);
    });
    await waitFor(async () => (await books(orderId)).cancelling === 0, 30_000);
    const after = await books(orderId);
    expect(after).toMatchObject({
      status: 'cancelled',
      refunded: total,
      succeeded: total,
      pending: 0,
      paymentStatus: 'refunded',
      paymentRefunded: total,
    });
    expect(after.timeline.at(-1)).toMatchObject({
      to: 'cancelled',
      actor: `admin:${adminId}`,
      reason: expect.stringContaining('Damaged in stock.'),
    });
  }, 90_000);

  it('settles a refund once when both replicas and extra rounds reach for it together', async () => {
    const { orderId } = await capturedOrder(3000);
    await withPaymentDown(async () => {
      expect((await refund(orderId, 500)).status).toBe(503);
      // Rounds while the payment service is away leave it pending for the next ones.
      await Promise.all(replicas.map((replica) => replica.reconciler.reconcile()));
      expect(await books(orderId)).toMatchObject({ pending: 1, refunded: 0 });
    });
    const rounds = await Promise.all(
      [...replicas, ...replicas].map((replica) => replica.reconciler.reconcile()),
    );
    expect(rounds.every((round) => round.refunds <= 1)).toBe(true);
    await waitFor(async () => (await books(orderId)).pending === 0, 30_000);
    // An event published after the refund's: once it has arrived, so has any order.refunded.
    expect((await call('POST', `/admin/orders/${orderId}/ship`, {}, admin)).status).toBe(200);
    await waitFor(() => published.get(orderId)?.includes('order.shipped') ?? false, 30_000);
    expect(published.get(orderId)!.filter((type) => type === 'order.refunded')).toHaveLength(1);
    expect(await books(orderId)).toMatchObject({
      status: 'shipped',
      refunded: 500,
      succeeded: 500,
      paymentRefunded: 500,
    });
  }, 90_000);
});
