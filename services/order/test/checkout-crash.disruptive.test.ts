// Failures in the middle of checkouts: the order service killed mid-saga, RabbitMQ restarted.
// Whatever happens, every saga ends completed or compensated, and nothing is left half-done.
import { eventSchemas } from '@emporium/contracts';
import { openEventBus } from '@emporium/platform';
import { startServer, stopServer, testInfra, waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopper } from './support/shopper.js';
import { type Stack, startStack } from './support/stack.js';

let stack: Stack;
let guest: ReturnType<typeof shopper>;

beforeAll(async () => {
  // The whole stack runs on the chaos broker, the one disruptive tests may restart.
  stack = await startStack({ amqpUrl: testInfra.chaosAmqpUrl });
  guest = shopper(stack.order.url);
}, 120_000);
afterAll(() => stack?.stop());

/** Every order of these SKUs ended, and its money and stock agree with how it ended. */
async function expectNothingHalfDone(sku: string, stock: number) {
  await waitFor(async () => {
    const { rows } = await stack.orderDb.query<{ n: number }>(
      `select count(*)::int as n from checkout_sagas s join orders o on o.id = s.order_id
       where s.status not in ('completed', 'compensated') and o.lines->0->>'sku' = $1`,
      [sku],
    );
    return rows[0]?.n === 0;
  }, 60_000);
  const { rows: orders } = await stack.orderDb.query<{ id: string; status: string }>(
    `select id, status from orders where lines->0->>'sku' = $1`,
    [sku],
  );
  expect(orders.every((o) => o.status === 'confirmed' || o.status === 'checkout_failed')).toBe(true);
  const confirmed = orders.filter((o) => o.status === 'confirmed').map((o) => o.id);
  const cancelled = orders.filter((o) => o.status === 'checkout_failed').map((o) => o.id);
  const { rows: payments } = await stack.paymentDb.query<{ order_id: string; status: string }>(
    'select order_id, status from payments where order_id = any($1::uuid[])',
    [orders.map((o) => o.id)],
  );
  expect(payments.filter((p) => cancelled.includes(p.order_id) && p.status === 'authorized')).toEqual([]);
  // A step repeated after the crash answers as the first call did: never a second payment.
  const perOrder = new Map<string, number>();
  for (const p of payments) perOrder.set(p.order_id, (perOrder.get(p.order_id) ?? 0) + 1);
  expect([...perOrder.values()].filter((n) => n > 1)).toEqual([]);
  await waitFor(async () => {
    const { rows } = await stack.paymentDb.query<{ n: number }>(
      `select count(*)::int as n from payments where order_id = any($1::uuid[]) and status = 'captured'`,
      [confirmed],
    );
    return rows[0]?.n === confirmed.length;
  });
  expect(await stack.available(sku)).toBe(stock - confirmed.length);
  return { confirmed: confirmed.length, cancelled: cancelled.length };
}

describe('checkout under failure', () => {
  it('completes or compensates every saga after the order service is killed mid-checkout', async () => {
    const sku = await stack.createProduct({ stock: 15 });
    const carts = await Promise.all(Array.from({ length: 20 }, () => guest.cartWith(sku, 1)));
    const attempts = carts.map((cartId) => guest.checkout(guest.checkoutBody(cartId)).catch(() => undefined));
    await waitFor(async () => {
      const { rows } = await stack.orderDb.query<{ n: number }>(
        `select count(*)::int as n from orders where lines->0->>'sku' = $1`,
        [sku],
      );
      return (rows[0]?.n ?? 0) >= 5;
    });
    await stack.order.stop('SIGKILL');
    await Promise.all(attempts);
    await stack.order.start();
    const outcome = await expectNothingHalfDone(sku, 15);
    expect(outcome.confirmed).toBeLessThanOrEqual(15);
    expect(outcome.confirmed + outcome.cancelled).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it('confirms checkouts made while RabbitMQ restarts and publishes their events afterwards', async () => {
    const listener = openEventBus(testInfra.chaosAmqpUrl, eventSchemas, { exchange: stack.exchange });
    const confirmedIds = new Set<string>();
    await listener.subscribe({
      consumer: 'crash-test',
      eventTypes: ['order.confirmed'],
      handle: async (event) => {
        confirmedIds.add((event.data as { orderId: string }).orderId);
      },
    });
    try {
      const sku = await stack.createProduct({ stock: 5 });
      const carts = await Promise.all(Array.from({ length: 3 }, () => guest.cartWith(sku, 1)));
      await stopServer('rabbitmq-chaos');
      let orderIds: string[] = [];
      try {
        const answers = await Promise.all(carts.map((cartId) => guest.checkout(guest.checkoutBody(cartId))));
        orderIds = answers.map((a) => a.body.orderId);
      } finally {
        await startServer('rabbitmq-chaos');
      }
      const outcome = await expectNothingHalfDone(sku, 5);
      expect(outcome.confirmed).toBe(3);
      await waitFor(() => orderIds.every((id) => confirmedIds.has(id)), 90_000);
    } finally {
      await listener.close();
    }
  }, 180_000);
});
