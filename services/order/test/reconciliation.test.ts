// The reconciliation worker against the real stack: two order service instances on one database
// (two replicas, each running its worker) and a real payment service process, stopped while an
// admin refunds or cancels and started again. Nobody repeats the request: the workers alone bring
// order and payment to agree, and settle each refund once.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventSchemas } from '@emporium/contracts';
import {
  type EventBus,
  loadConfig,
  openEventBus,
  openSqlDatabase,
  type SqlDatabase,
} from '@emporium/platform';
import {
  createTestDatabase,
  createTestTokens,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderConfigSchema } from '../src/config.js';
import { startOrderService } from '../src/service.js';
import { orderBooks } from './support/order-books.js';
import { type ProductStandIn, startProductStandIn } from './support/product-stand-in.js';
import { freePort, ServiceProcess, startPricing } from './support/stack.js';

let products: ProductStandIn;
let payment: ServiceProcess;
let pricing: Awaited<ReturnType<typeof startPricing>>;
let databases: TestDatabase[];
let paymentDb: SqlDatabase;
let orderDb: SqlDatabase;
let replicas: Awaited<ReturnType<typeof startOrderService>>[];
let tokens: Awaited<ReturnType<typeof createTestTokens>>;
let jwks: ReturnType<typeof createServer>;
let listener: EventBus;
let admin: Record<string, string>;
let adminId: string;
/** Every order event the services published, by order id. */
const published = new Map<string, string[]>();

beforeAll(async () => {
  tokens = await createTestTokens();
  jwks = createServer((_req, res) => res.end(JSON.stringify(tokens.jwks)));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  databases = [await createTestDatabase('order'), await createTestDatabase('payment')];
  const exchange = `${uniqueName('x')}.events`;
  listener = openEventBus(testInfra.amqpUrl, eventSchemas, { exchange });
  await listener.subscribe({
    consumer: uniqueName('reconciliation-test'),
    eventTypes: ['order.*'],
    handle: async (event) => {
      const orderId = (event.data as { orderId: string }).orderId;
      published.set(orderId, [...(published.get(orderId) ?? []), event.type]);
    },
  });
  products = await startProductStandIn();
  payment = new ServiceProcess('payment', await freePort(), {
    DATABASE_URL: databases[1]!.url,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: exchange,
    AUTH_JWKS_URL: jwksUrl,
    LOG_LEVEL: 'warn',
  });
  pricing = await startPricing({ AUTH_JWKS_URL: jwksUrl });
  await payment.start();
  const config = loadConfig(orderConfigSchema, {
    DATABASE_URL: databases[0]!.url,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: exchange,
    AUTH_JWKS_URL: jwksUrl,
    PRODUCT_URL: products.url,
    PAYMENT_URL: payment.url,
    PRICING_URL: pricing.url,
    LOG_LEVEL: 'silent',
    DOWNSTREAM_TIMEOUT_MS: '2000',
    VARIANT_CACHE_MS: '0',
    REFUND_RECOVERY_INTERVAL_MS: '100',
  });
  replicas = [];
  for (let i = 0; i < 2; i++) {
    replicas.push(await startOrderService(config, { verifier: tokens.verifier, processMetrics: false }));
  }
  paymentDb = await openSqlDatabase(databases[1]!.url);
  orderDb = await openSqlDatabase(databases[0]!.url);
  adminId = randomUUID();
  admin = { authorization: `Bearer ${await tokens.sign({ userId: adminId, roles: ['admin'] })}` };
}, 120_000);

afterAll(async () => {
  await listener?.close();
  await paymentDb?.close();
  await orderDb?.close();
  for (const replica of replicas ?? []) {
    await replica.close();
    await replica.app.close();
  }
  await payment?.stop();
  await pricing?.stop();
  await pricing?.drop();
  await products?.close();
  await new Promise((resolve) => jwks.close(resolve));
  for (const database of databases ?? []) await database.drop();
});

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
