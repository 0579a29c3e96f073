// The one-statement writes of a checkout (placing an order, saving a saga step with its order
// move and events), on PostgreSQL and on PGlite (the embedded quick start runs the same SQL): each
// writes all of its parts or, when its guard fails, none of them.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { eventSchemas } from '@emporium/contracts';
import type { Quote } from '@emporium/contracts/pricing';
import {
  createOutbox,
  createPgliteDatabase,
  migrateEventTables,
  type NewEvent,
  openSqlDatabase,
  runMigrations,
  type SqlDatabase,
} from '@emporium/platform';
import { createTestDatabase, type TestDatabase } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderEvents } from '../src/events/order-events.js';
import { planMove } from '../src/orders/move-order.js';
import { checkoutsRepository as checkouts, type Placement } from '../src/repositories/checkouts.js';
import type { StoredOrder } from '../src/repositories/orders.js';
import { type StepSave, sagaStepsRepository as sagaSteps } from '../src/repositories/saga-steps.js';
import { address } from './support/shopper.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));
const OWNER = 'driver-a';

const adapters: Record<string, () => Promise<{ db: SqlDatabase; drop(): Promise<void> }>> = {
  postgresql: async () => {
    const database: TestDatabase = await createTestDatabase('order');
    const db = await openSqlDatabase(database.url);
    return {
      db,
      async drop() {
        await db.close();
        await database.drop();
      },
    };
  },
  pglite: async () => {
    const db = await createPgliteDatabase();
    return { db, drop: () => db.close() };
  },
};

describe.each(Object.keys(adapters))('checkout statements on %s', (adapter) => {
  let db: SqlDatabase;
  let drop: () => Promise<void>;
  let stage: (events: NewEvent[]) => ReturnType<ReturnType<typeof createOutbox>['stage']>;

  beforeAll(async () => {
    ({ db, drop } = await adapters[adapter]!());
    await runMigrations(db, MIGRATIONS);
    await migrateEventTables(db);
    const outbox = createOutbox({
      db,
      publisher: { publish: async () => {} },
      source: '/test',
      schemas: eventSchemas,
    });
    stage = (events) => outbox.stage(events);
  }, 60_000);
  afterAll(() => drop?.());

  const NOTHING = { order: [], transitions: [], saga: [], log: [], cart: [], claim: [], events: [] };

  /** A pending order of a new, active cart, not written yet. */
  async function newOrder(): Promise<StoredOrder> {
    const cartId = randomUUID();
    await db.query('insert into carts (id, user_id) values ($1, null)', [cartId]);
    const { rows } = await db.query<{ n: string }>(`select 'EM-' || nextval('order_numbers') as n`);
    return {
      id: randomUUID(),
      orderNumber: rows[0]!.n,
      userId: null,
      cartId: cartId,
      email: 'ada@example.com',
      status: 'pending',
      currency: 'EUR',
      lines: [
        {
          sku: 'MUG-1',
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
      tax: 190,
      total: 1190,
      discount: 0,
      refunded: 0,
      paymentId: null,
      cancellationCode: null,
      cancellationReason: null,
      carrier: null,
      trackingNumber: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
  }

  /** The pricing service's quote for `order`'s one line (DE, 19 % added to the price). */
  function quoteOf(order: StoredOrder): Quote {
    const rate = { jurisdiction: 'DE', taxClass: 'standard' as const, rate: '19', name: 'MwSt.' };
    return {
      regionId: randomUUID(),
      currency: order.currency,
      taxInclusive: false,
      destination: { country: 'DE' },
      lines: [
        {
          sku: 'MUG-1',
          quantity: 1,
          unitPrice: 1000,
          subtotal: 1000,
          taxClass: 'standard',
          discount: 0,
          tax: 190,
          rate,
        },
      ],
      subtotal: order.subtotal,
      shipping: {
        optionId: randomUUID(),
        code: 'standard',
        name: 'Standard',
        amount: order.shipping,
        discount: 0,
        tax: 0,
      },
      discount: 0,
      tax: order.tax,
      total: order.total,
      rates: [rate],
      promotions: [],
    };
  }

  /** The placement checkout makes of `order`, its saga leased to OWNER. */
  function placement(order: StoredOrder, idempotencyKey: string): Placement {
    const events: NewEvent[] = [];
    orderEvents.placed((event) => events.push(event), order);
    return {
      cartRevision: 0,
      idempotencyKey,
      requestHash: 'hash',
      order,
      quote: quoteOf(order),
      reason: 'Order placed',
      actor: 'guest',
      saga: { context: {}, owner: OWNER, leaseMs: 60_000 },
      events: stage(events),
    };
  }

  async function placed(): Promise<StoredOrder> {
    const order = await newOrder();
    const placing = placement(order, randomUUID());
    expect((await checkouts.place(db, placing)).placed).toBe(true);
    // The quote is kept as it was given, with the order in the same statement.
    const { rows } = await db.query<{ quote: Quote }>('select quote from orders where id = $1', [order.id]);
    expect(rows[0]?.quote).toEqual(placing.quote);
    return order;
  }

  /** Everything a step save may write, to compare before and after. */
  async function written(order: StoredOrder) {
    const one = async (sql: string) => (await db.query(sql, [order.id])).rows;
    return {
      order: await one('select status, payment_id, updated_at from orders where id = $1'),
      transitions: await one('select to_status from order_transitions where order_id = $1 order by id'),
      saga: await one('select status, step_index, taken, context from checkout_sagas where order_id = $1'),
      log: await one('select step from checkout_saga_log where order_id = $1 order by id'),
      cart: await one('select c.status from carts c join orders o on o.cart_id = c.id where o.id = $1'),
      claim: await one('select cart_id from cart_checkouts where order_id = $1'),
      events: await one(`select type from event_outbox where envelope->>'subject' = $1::text order by seq`),
    };
  }

  /** Confirms `order` in one step save (order move, cart conversion and order.confirmed). */
  function confirmation(order: StoredOrder, owner: string): StepSave {
    const { events } = planMove({ ...order, status: 'payment_authorized' }, 'confirmed');
    return {
      orderId: order.id,
      owner,
      leaseMs: 60_000,
      change: {
        status: 'running',
        taken: ['redeemPromotions', 'reserveStock', 'authorizePayment', 'commitStock'],
        stepIndex: 4,
        context: {},
        failure: null,
      },
      log: [{ step: 'confirmOrder', action: 'invoke', outcome: 'succeeded' }],
      moves: {
        from: 'payment_authorized',
        transitions: [{ to: 'confirmed', reason: 'Confirmed', actor: 'checkout' }],
        patch: {},
        convertCart: true,
      },
      events: stage(events),
    };
  }

  const authorize = async (order: StoredOrder) =>
    db.query(`update orders set status = 'payment_authorized' where id = $1`, [order.id]);

  it('places the order, its first transition, its saga and order.placed together', async () => {
    const order = await placed();
    expect(await written(order)).toMatchObject({
      order: [{ status: 'pending' }],
      transitions: [{ to_status: 'pending' }],
      saga: [{ status: 'running', step_index: 0, taken: [] }],
      events: [{ type: 'order.placed' }],
    });
  });

  it('writes nothing of a concurrent placement with the same Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await newOrder();
    const second = await newOrder();
    let duplicate!: ReturnType<typeof checkouts.place>;
    await db.transaction(async (tx) => {
      await checkouts.place(tx, placement(first, key));
      // Not awaited here: it waits on the key's unique index until this transaction commits.
      duplicate = checkouts.place(db, placement(second, key));
    });
    expect(await duplicate).toEqual({ placed: false, why: 'key-taken' });
    expect((await written(first)).order).toMatchObject([{ status: 'pending' }]);
    expect(await written(second)).toEqual(NOTHING);
  });

  it('writes nothing of a concurrent placement for the same cart under another key', async () => {
    const first = await newOrder();
    const second = { ...(await newOrder()), cartId: first.cartId };
    let duplicate!: ReturnType<typeof checkouts.place>;
    await db.transaction(async (tx) => {
      await checkouts.place(tx, placement(first, randomUUID()));
      // Not awaited here: it waits on the cart's row lock until this transaction commits.
      duplicate = checkouts.place(db, placement(second, randomUUID()));
    });
    expect(await duplicate).toEqual({ placed: false, why: 'cart-claimed' });
    expect((await written(first)).claim).toEqual([{ cart_id: first.cartId }]);
    expect(await written(second)).toEqual(NOTHING);
  });

  it('writes nothing of a placement whose cart lines changed since they were read', async () => {
    const order = await newOrder();
    // A line change bumps the revision the checkout read (0).
    await db.query('update carts set revision = revision + 1 where id = $1', [order.cartId]);
    expect(await checkouts.place(db, placement(order, randomUUID()))).toEqual({
      placed: false,
      why: 'cart-changed',
    });
    expect(await written(order)).toEqual(NOTHING);
  });

  it('gives the cart back when a failed checkout is saved, leaving the cart open', async () => {
    const order = await placed();
    const failure = { step: 'authorizePayment', code: 'card_declined', reason: 'Declined' };
    const patch = { cancellationCode: failure.code, cancellationReason: failure.reason };
    const { events } = planMove(order, 'checkout_failed', patch);
    const saved = await sagaSteps.save(db, {
      orderId: order.id,
      owner: OWNER,
      leaseMs: 60_000,
      change: { status: 'compensated', taken: [], stepIndex: -1, context: {}, failure },
      log: [{ step: 'cancelOrder', action: 'compensate', outcome: 'succeeded' }],
      moves: {
        from: 'pending',
        transitions: [{ to: 'checkout_failed', reason: failure.reason, actor: 'checkout' }],
        patch,
        convertCart: false,
        releaseCart: true,
      },
      events: stage(events),
    });
    expect(saved.saved).toBe(true);
    expect(await written(order)).toMatchObject({
      order: [{ status: 'checkout_failed' }],
      cart: [{ status: 'active' }],
      claim: [],
      events: [{ type: 'order.placed' }, { type: 'order.cancelled' }],
    });
    const { rows } = await db.query<{ data: { checkoutFailed?: boolean } }>(
      `select envelope->'data' as data from event_outbox where envelope->>'subject' = $1::text and type = 'order.cancelled'`,
      [order.id],
    );
    expect(rows[0]!.data.checkoutFailed).toBe(true);
  });

  it('saves a step with its order move, cart conversion and event while the lease is held', async () => {
    const order = await placed();
    await authorize(order);
    const saved = await sagaSteps.save(db, confirmation(order, OWNER));
    expect(saved.saved).toBe(true);
    expect(await written(order)).toMatchObject({
      order: [{ status: 'confirmed' }],
      transitions: [{ to_status: 'pending' }, { to_status: 'confirmed' }],
      saga: [
        {
          status: 'running',
          step_index: 4,
          taken: ['redeemPromotions', 'reserveStock', 'authorizePayment', 'commitStock'],
        },
      ],
      log: [{ step: 'confirmOrder' }],
      cart: [{ status: 'converted' }],
      events: [{ type: 'order.placed' }, { type: 'order.confirmed' }],
    });
  });

  it('saves a whole checkout at once: every move with the time it happened, in order', async () => {
    const order = await placed();
    const paymentId = randomUUID();
    let moving: StoredOrder = order;
    const events: NewEvent[] = [];
    for (const to of ['stock_reserved', 'payment_authorized', 'confirmed'] as const) {
      const planned = planMove(moving, to, to === 'payment_authorized' ? { paymentId } : {});
      moving = planned.moved;
      events.push(...planned.events);
    }
    const saved = await sagaSteps.save(db, {
      orderId: order.id,
      owner: OWNER,
      leaseMs: 60_000,
      change: {
        status: 'completed',
        taken: ['reserveStock', 'authorizePayment', 'commitStock', 'confirmOrder', 'capturePayment'],
        stepIndex: 5,
        context: { paymentId },
        failure: null,
      },
      log: [
        { step: 'reserveStock', action: 'invoke', outcome: 'succeeded', agoSeconds: 0.3 },
        { step: 'authorizePayment', action: 'invoke', outcome: 'succeeded', agoSeconds: 0.2 },
        { step: 'commitStock', action: 'invoke', outcome: 'succeeded', agoSeconds: 0.1 },
        { step: 'confirmOrder', action: 'invoke', outcome: 'succeeded', agoSeconds: 0.1 },
        { step: 'capturePayment', action: 'invoke', outcome: 'succeeded' },
      ],
      moves: {
        from: 'pending',
        transitions: [
          { to: 'stock_reserved', reason: 'Stock reserved', actor: 'checkout', agoSeconds: 0.3 },
          { to: 'payment_authorized', reason: 'Payment authorized', actor: 'checkout', agoSeconds: 0.2 },
          { to: 'confirmed', reason: 'Confirmed', actor: 'checkout', agoSeconds: 0.1 },
        ],
        patch: { paymentId },
        convertCart: true,
      },
      events: stage(events),
    });
    if (!saved.saved) throw new Error('not saved');
    expect(await written(order)).toMatchObject({
      order: [{ status: 'confirmed', payment_id: paymentId }],
      transitions: [
        { to_status: 'pending' },
        { to_status: 'stock_reserved' },
        { to_status: 'payment_authorized' },
        { to_status: 'confirmed' },
      ],
      saga: [
        {
          status: 'completed',
          step_index: 5,
          taken: ['reserveStock', 'authorizePayment', 'commitStock', 'confirmOrder', 'capturePayment'],
        },
      ],
      log: ['reserveStock', 'authorizePayment', 'commitStock', 'confirmOrder', 'capturePayment'].map(
        (step) => ({
          step,
        }),
      ),
      cart: [{ status: 'converted' }],
      events: [{ type: 'order.placed' }, { type: 'order.confirmed' }],
    });
    const { rows } = await db.query<{ from_status: string; ms: number }>(
      `select from_status, extract(epoch from $2::timestamptz - at) * 1000 as ms
       from order_transitions where order_id = $1 and from_status is not null order by id`,
      [order.id, saved.at],
    );
    expect(rows.map((row) => row.from_status)).toEqual(['pending', 'stock_reserved', 'payment_authorized']);
    // Within a few milliseconds: the answer's time is kept to the millisecond, the rows' to the µs.
    for (const [i, ms] of [300, 200, 100].entries())
      expect(Math.abs(Number(rows[i]!.ms) - ms)).toBeLessThan(3);
  });

  it('writes nothing of a step whose lease was lost: no move, transition, log, cart change or event', async () => {
    const order = await placed();
    await authorize(order);
    const before = await written(order);
    const saved = await sagaSteps.save(db, confirmation(order, 'driver-b'));
    expect(saved).toEqual({ saved: false });
    expect(await written(order)).toEqual(before);
  });

  it('writes nothing of a step whose order is no longer where the step left it', async () => {
    const order = await placed();
    const before = await written(order);
    // Still pending: the confirmation expects payment_authorized.
    await expect(sagaSteps.save(db, confirmation(order, OWNER))).rejects.toMatchObject({ status: 409 });
    expect(await written(order)).toEqual(before);
  });
});
