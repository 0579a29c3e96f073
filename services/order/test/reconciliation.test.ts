import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '@emporium/platform';
import { uniqueName, waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBooks } from './support/order-books.js';
import type { ProductStandIn } from './support/product-stand-in.js';
import { address, CARDS } from './support/shopper.js';
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

/** A delivered order of one shirt in M (20.00), of a product also sold in S (15.00) and L (25.00). */
async function deliveredShirt() {
  const productId = uniqueName('shirt');
  const [s, m, l] = ['S', 'M', 'L'].map((size) => `${productId}-${size}`.toUpperCase()) as [
    string,
    string,
    string,
  ];
  products.put({ sku: s, productId, title: 'Linen shirt S', price: 1500, available: 5 });
  products.put({ sku: m, productId, title: 'Linen shirt M', price: 2000, available: 5 });
  products.put({ sku: l, productId, title: 'Linen shirt L', price: 2500, available: 5 });
  const cart = await call('POST', '/cart', {});
  await call('POST', `/cart/${cart.body.cartId}/lines`, { sku: m, quantity: 1 });
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
  await waitFor(async () => (await books(orderId)).paymentStatus === 'captured');
  const shipped = await call(
    'POST',
    `/admin/orders/${orderId}/shipments`,
    { lines: [{ sku: m, quantity: 1 }], carrier: 'DHL', trackingNumber: 'RC1' },
    { ...admin, 'idempotency-key': randomUUID() },
  );
  await call('POST', `/admin/orders/${orderId}/shipments/${shipped.body.shipmentId}/delivered`, {}, admin);
  return { orderId, skus: { s, m, l }, total: placed.body.totals.total.amount as number };
}

/** An exchange of the shirt for `replacementSku`, requested and approved. */
async function approvedExchange(orderId: string, sku: string, replacementSku: string) {
  const requested = await call(
    'POST',
    `/orders/${orderId}/exchanges`,
    { sku, quantity: 1, replacementSku, reason: 'Wrong size', paymentToken: CARDS.success },
    { 'idempotency-key': randomUUID() },
  );
  expect(requested.status).toBe(201);
  const returnId = requested.body.returnId as string;
  expect((await call('POST', `/admin/orders/${orderId}/returns/${returnId}/approve`, {}, admin)).status).toBe(
    200,
  );
  return returnId;
}

const receive = (orderId: string, returnId: string, body: object) =>
  call('POST', `/admin/orders/${orderId}/returns/${returnId}/receive`, body, admin);

const stockOf = (skus: Record<string, string>) =>
  Object.fromEntries(Object.entries(skus).map(([size, sku]) => [size, products.variant(sku)!.available]));

async function exchangeOf(orderId: string) {
  const order = (await call('GET', `/admin/orders/${orderId}`, undefined, admin)).body;
  const events = (order.timeline as { to: string; event?: string; actor: string }[]).map(
    (t) => t.event ?? t.to,
  );
  return { order, exchange: order.returns[0], events };
}

async function capturedTotal(orderId: string): Promise<number> {
  const { rows } = await paymentDb.query<{ captured: number }>(
    `select coalesce(sum(amount) filter (where status in ('captured', 'partially_refunded', 'refunded')), 0)::int
       as captured from payments where order_id = $1`,
    [orderId],
  );
  return rows[0]!.captured;
}

describe('an exchange received while a service was away', () => {
  it('is finished by the worker once the stock system is back: replacement sold, charged, shipped', async () => {
    const { orderId, skus, total } = await deliveredShirt();
    const returnId = await approvedExchange(orderId, skus.m, skus.l);
    expect(stockOf(skus)).toEqual({ s: 5, m: 4, l: 4 });

    products.failCommits(true);
    try {
      const received = await receive(orderId, returnId, {
        lines: [{ sku: skus.m, restock: true, condition: 'as_new' }],
        replacementShipment: { carrier: 'UPS', trackingNumber: 'RC2' },
      });
      expect(received.status).toBe(503);
      expect(received.body.type).toMatch(/stock-unavailable$/);
      expect((await exchangeOf(orderId)).exchange.status).toBe('received');
    } finally {
      products.failCommits(false);
    }

    await waitFor(async () => (await exchangeOf(orderId)).exchange.status === 'exchanged', 30_000);
    const { order, exchange, events } = await exchangeOf(orderId);
    // M came back; L was sold once, not reserved again.
    expect(stockOf(skus)).toEqual({ s: 5, m: 5, l: 4 });
    expect(products.reservation(returnId)?.status).toBe('committed');
    expect(await capturedTotal(orderId)).toBe(total + 500);
    const replacement = order.shipments.find(
      (s: { shipmentId: string }) => s.shipmentId === exchange.replacement.shipmentId,
    );
    expect(replacement).toMatchObject({ carrier: 'UPS', trackingNumber: 'RC2', lines: [{ sku: skus.l }] });
    expect(events.filter((e) => e === 'exchange_received')).toHaveLength(1);
    expect(events.slice(-3)).toEqual(['exchange_received', 'shipment_created', 'exchange_completed']);
    expect(order.timeline.at(-1).actor).toBe(`admin:${adminId}`);
  }, 90_000);

  it('backs off while it keeps failing, tells admins once it is stuck, and finishes when it can', async () => {
    const { orderId, skus } = await deliveredShirt();
    const returnId = await approvedExchange(orderId, skus.m, skus.l);
    const completion = async () =>
      (
        await orderDb.query<{ attempts: number; error: string | null; atCeiling: boolean }>(
          `select completion_attempts as attempts, completion_error as error,
                  completion_retry_at > now() + interval '3000 seconds'
                    and completion_retry_at <= now() + interval '3600 seconds' as "atCeiling"
           from order_returns where id = $1`,
          [returnId],
        )
      ).rows[0]!;
    const stalledLines = async () =>
      (await exchangeOf(orderId)).order.timeline.filter(
        (t: { event?: string }) => t.event === 'exchange_stalled',
      ) as { reason: string }[];

    products.failCommits(true);
    try {
      const received = await receive(orderId, returnId, {
        lines: [{ sku: skus.m, restock: true, condition: 'as_new' }],
      });
      expect(received.status).toBe(503);
      // Each round the wait (lease and backoff) is cut short, so the worker tries again at once.
      for (let tried = 1; tried <= 11; tried += 1) {
        await orderDb.query(
          'update order_returns set completion_tried_at = null, completion_retry_at = null where id = $1',
          [returnId],
        );
        await waitFor(async () => (await completion()).attempts >= tried, 30_000);
        if (tried === 4) expect(await stalledLines()).toEqual([]);
      }
      const stuck = await completion();
      expect(stuck.error).toMatch(/stock system did not answer/);
      // The waits doubled from the 4 s lease (4, 8, … 2048 s) until the hourly ceiling held them.
      expect(stuck.atCeiling).toBe(true);
      const stalled = await stalledLines();
      expect(stalled).toHaveLength(1);
      expect(stalled[0]!.reason).toMatch(
        /could not be finished after 5 tries \(The stock system did not answer/,
      );
      expect((await exchangeOf(orderId)).exchange.status).toBe('received');
    } finally {
      products.failCommits(false);
    }

    // The stock system is back; the hour's wait passes: the next try finishes it.
    await orderDb.query('update order_returns set completion_retry_at = now() where id = $1', [returnId]);
    await waitFor(async () => (await exchangeOf(orderId)).exchange.status === 'exchanged', 30_000);
    expect(stockOf(skus)).toEqual({ s: 5, m: 5, l: 4 });
    expect(await stalledLines()).toHaveLength(1);
  }, 120_000);

  it('is finished by the worker once payment is back: the cheaper difference refunded once', async () => {
    const { orderId, skus, total } = await deliveredShirt();
    const returnId = await approvedExchange(orderId, skus.m, skus.s);
    await withPaymentDown(async () => {
      const received = await receive(orderId, returnId, {
        lines: [{ sku: skus.m, restock: false, condition: 'damaged' }],
      });
      expect(received.status).toBe(503);
      expect(received.body.type).toMatch(/payment-unavailable$/);
      expect((await exchangeOf(orderId)).exchange.status).toBe('received');
    });

    await waitFor(async () => (await exchangeOf(orderId)).exchange.status === 'exchanged', 30_000);
    const { exchange, events } = await exchangeOf(orderId);
    expect(exchange).toMatchObject({ refund: { amount: 500 } });
    expect(await books(orderId)).toMatchObject({
      refunded: 500,
      succeeded: 500,
      pending: 0,
      paymentRefunded: 500,
    });
    expect(await capturedTotal(orderId)).toBe(total);
    // Damaged: M stays out; S was sold.
    expect(stockOf(skus)).toEqual({ s: 4, m: 4, l: 5 });
    expect(events.filter((e) => e === 'exchange_received')).toHaveLength(1);
    expect(events.at(-1)).toBe('exchange_completed');
  }, 90_000);
});
