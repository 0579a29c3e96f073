// The checkout saga on the platform's engine and its SQL store, with a step added the way a
// feature would add one: a fraud check between reserving stock and authorizing payment is a
// change of the definition plus one call of its client. The store is the real one on PostgreSQL,
// stock is the product stand-in's and payments are a real payment service's; the fraud client is
// a fake. The orders carry no promotions, so the pricing service is never called.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { eventSchemas } from '@emporium/contracts';
import {
  createOutbox,
  createSagaEngine,
  migrateEventTables,
  type NewEvent,
  openSqlDatabase,
  runMigrations,
  type SqlDatabase,
} from '@emporium/platform';
import {
  createTestDatabase,
  createTestTokens,
  type TestDatabase,
  testInfra,
  uniqueName,
} from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckoutStep, checkoutSaga } from '../src/checkout/checkout-saga.js';
import { checkoutSagaStore, placedSaga } from '../src/checkout/checkout-saga-store.js';
import { paymentClient } from '../src/clients/payment-client.js';
import { pricingClient } from '../src/clients/pricing-client.js';
import { productClient } from '../src/clients/product-client.js';
import { orderEvents } from '../src/events/order-events.js';
import { checkoutsRepository as checkouts } from '../src/repositories/checkouts.js';
import type { StoredOrder } from '../src/repositories/orders.js';
import { type ProductStandIn, startProductStandIn } from './support/product-stand-in.js';
import { address, CARDS } from './support/shopper.js';
import { freePort, ServiceProcess } from './support/stack.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

let databases: TestDatabase[];
let db: SqlDatabase;
let products: ProductStandIn;
let payment: ServiceProcess;
let jwks: ReturnType<typeof createServer>;
let outbox: ReturnType<typeof createOutbox>;

beforeAll(async () => {
  const tokens = await createTestTokens();
  jwks = createServer((_req, res) => res.end(JSON.stringify(tokens.jwks)));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  databases = [await createTestDatabase('order'), await createTestDatabase('payment')];
  db = await openSqlDatabase(databases[0]!.url);
  await runMigrations(db, MIGRATIONS);
  await migrateEventTables(db);
  outbox = createOutbox({
    db,
    publisher: { publish: async () => {} },
    source: '/test',
    schemas: eventSchemas,
  });
  products = await startProductStandIn();
  payment = new ServiceProcess('payment', await freePort(), {
    DATABASE_URL: databases[1]!.url,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: `${uniqueName('x')}.events`,
    AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
    LOG_LEVEL: 'warn',
  });
  await payment.start();
}, 120_000);

afterAll(async () => {
  await payment?.stop();
  await products?.close();
  await db?.close();
  await new Promise((resolve) => jwks?.close(resolve));
  for (const database of databases ?? []) await database.drop();
});

/** A fake fraud service: it refuses the orders it is told to, and counts its calls. */
function fakeFraudClient() {
  const suspicious = new Set<string>();
  const assessed: string[] = [];
  return {
    suspicious,
    assessed,
    async assess(order: StoredOrder): Promise<'pass' | 'refuse'> {
      assessed.push(order.id);
      return suspicious.has(order.id) ? 'refuse' : 'pass';
    },
  };
}

/** The checkout with a fraud check before payment: the whole of adding the step. */
function checkoutWithFraudCheck(fraud: ReturnType<typeof fakeFraudClient>) {
  const payments = paymentClient(payment.url, 2000);
  const definition = checkoutSaga({
    products: productClient(products.url, 2000),
    payments,
    pricing: pricingClient('http://127.0.0.1:9', 2000),
    reservationTtlSeconds: 900,
    stepTimeoutMs: 5000,
  });
  const checkFraud: CheckoutStep = {
    name: 'checkFraud',
    timeoutMs: 5000,
    async run({ subject: { order } }) {
      if ((await fraud.assess(order)) === 'pass') return { kind: 'done' };
      return {
        kind: 'refused',
        code: 'fraud_suspected',
        reason: 'We could not verify this order. Your card was not charged.',
      };
    },
  };
  const at = definition.steps.findIndex((step) => step.name === 'authorizePayment');
  definition.steps.splice(at, 0, checkFraud);
  return { definition, payments };
}

/** An order placed (order, saga leased to `owner`, order.placed) for one unit of a new SKU. */
async function placeOrder(owner: string) {
  const sku = uniqueName('SKU').toUpperCase();
  products.put({ sku, title: 'Mug', price: 1000, available: 5 });
  const cartId = randomUUID();
  await db.query('insert into carts (id, user_id) values ($1, null)', [cartId]);
  const { rows } = await db.query<{ n: string }>(`select 'EM-' || nextval('order_numbers') as n`);
  const now = new Date();
  const order: StoredOrder = {
    id: randomUUID(),
    orderNumber: rows[0]!.n,
    userId: null,
    cartId: cartId,
    email: 'ada@example.com',
    status: 'pending',
    currency: 'EUR',
    lines: [
      {
        sku,
        productId: randomUUID(),
        title: 'Mug',
        quantity: 1,
        unitPrice: { amount: 1000, currency: 'EUR' },
        lineTotal: { amount: 1000, currency: 'EUR' },
      },
    ],
    shippingAddress: address,
    billingAddress: address,
    shippingMethod: 'standard',
    shippingName: null,
    subtotal: 1000,
    shipping: 0,
    tax: 0,
    total: 1000,
    discount: 0,
    refunded: 0,
    paymentId: null,
    cancellationCode: null,
    cancellationReason: null,
    carrier: null,
    trackingNumber: null,
    createdAt: now,
    updatedAt: now,
  };
  const events: NewEvent[] = [];
  orderEvents.placed((event) => events.push(event), order);
  const context = { paymentToken: CARDS.success };
  const placement = await checkouts.place(db, {
    cartRevision: 0,
    idempotencyKey: randomUUID(),
    requestHash: 'hash',
    order,
    // Kept with the order only; no step reads it.
    quote: {} as never,
    reason: 'Order placed',
    actor: 'guest',
    saga: { context, owner, leaseMs: 60_000 },
    events: outbox.stage(events),
  });
  if (!placement.placed) throw new Error(`not placed: ${placement.why}`);
  const saga = placedSaga({ ...order, createdAt: placement.at, updatedAt: placement.at }, context, [
    { from: null, to: 'pending', reason: 'Order placed', actor: 'guest', at: placement.at },
  ]);
  return { sku, order, saga };
}

async function stepLog(orderId: string) {
  const { rows } = await db.query<{ entry: string }>(
    `select action || ' ' || step || ' ' || outcome as entry from checkout_saga_log where order_id = $1 order by id`,
    [orderId],
  );
  return rows.map((row) => row.entry);
}

describe('checkout saga with a step added', () => {
  it('runs a fraud check between reserving and authorizing, once, when two drivers race', async () => {
    const fraud = fakeFraudClient();
    const { definition, payments } = checkoutWithFraudCheck(fraud);
    const engine = (owner: string) =>
      createSagaEngine({ definition, store: checkoutSagaStore({ db, outbox, owner, leaseMs: 60_000 }) });
    const { order, saga } = await placeOrder('driver-a');
    // Driver b (another replica's recovery, say) cannot take a saga driver a holds the lease of.
    const [ended] = await Promise.all([engine('driver-a').run(saga), engine('driver-b').drive(order.id)]);

    expect(ended.state).toMatchObject({ status: 'completed', failure: null });
    expect(ended.subject.order.status).toBe('confirmed');
    expect(fraud.assessed).toEqual([order.id]);
    expect(await stepLog(order.id)).toEqual(
      [
        'redeemPromotions',
        'reserveStock',
        'checkFraud',
        'authorizePayment',
        'commitStock',
        'confirmOrder',
        'capturePayment',
      ].map((step) => `invoke ${step} succeeded`),
    );
    const { rows } = await db.query<{ status: string; taken: string[] }>(
      'select o.status, s.taken from orders o join checkout_sagas s on s.order_id = o.id where o.id = $1',
      [order.id],
    );
    expect(rows[0]).toEqual({
      status: 'confirmed',
      taken: [
        'redeemPromotions',
        'reserveStock',
        'checkFraud',
        'authorizePayment',
        'commitStock',
        'confirmOrder',
        'capturePayment',
      ],
    });
    expect((await payments.forOrder(order.id)).map((p) => p.status)).toEqual(['captured']);
  });

  it('compensates a refused fraud check newest first: stock goes back, nothing is authorized', async () => {
    const fraud = fakeFraudClient();
    const { definition, payments } = checkoutWithFraudCheck(fraud);
    const engine = createSagaEngine({
      definition,
      store: checkoutSagaStore({ db, outbox, owner: 'driver-a', leaseMs: 60_000 }),
    });
    const { sku, order, saga } = await placeOrder('driver-a');
    fraud.suspicious.add(order.id);
    const ended = await engine.run(saga);

    expect(ended.state).toMatchObject({
      status: 'compensated',
      failure: { step: 'checkFraud', code: 'fraud_suspected' },
    });
    expect(await stepLog(order.id)).toEqual([
      'invoke redeemPromotions succeeded',
      'invoke reserveStock succeeded',
      'invoke checkFraud failed',
      'compensate checkFraud succeeded',
      'compensate reserveStock succeeded',
      'compensate redeemPromotions succeeded',
      'compensate cancelOrder succeeded',
    ]);
    const { rows } = await db.query<{ status: string; cancellation_code: string }>(
      'select status, cancellation_code from orders where id = $1',
      [order.id],
    );
    expect(rows[0]).toEqual({ status: 'checkout_failed', cancellation_code: 'fraud_suspected' });
    expect(products.variant(sku)?.available).toBe(5);
    expect(products.reservation(order.id)?.status).toBe('released');
    expect(await payments.forOrder(order.id)).toEqual([]);
  });
});
