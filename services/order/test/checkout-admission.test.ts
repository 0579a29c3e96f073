// Checkout admission: the order service in-process with a limit of two checkouts in flight and a
// queue of one, a real payment service and PostgreSQL, and a product stand-in whose reservations
// can be held unanswered, so that the admitted checkouts stay in flight as long as the test says.
import { randomUUID } from 'node:crypto';
import { uniqueName, waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, CARDS } from './support/shopper.js';
import { type InProcessStack, startInProcessStack } from './support/stack.js';

const LIMIT = 2;
const QUEUE = 1;
let stack: InProcessStack;

beforeAll(async () => {
  stack = await startInProcessStack({
    orderEnv: {
      CHECKOUT_CONCURRENCY: String(LIMIT),
      CHECKOUT_QUEUE_LENGTH: String(QUEUE),
      // The queued checkout waits for a place however long the held reservations take.
      CHECKOUT_QUEUE_WAIT_MS: '60000',
      // Each admitted checkout keeps its place until its saga is decided.
      CHECKOUT_INLINE_WAIT_MS: '60000',
      // A held reservation call is given up and retried soon once the stand-in answers again.
      DOWNSTREAM_TIMEOUT_MS: '300',
    },
  });
}, 120_000);

afterAll(() => stack?.stop());

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: the test reads a few known fields
  body: any;
}

async function call(method: 'GET' | 'POST', url: string, payload?: object, headers = {}): Promise<Answer> {
  const res = await stack.service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, headers: res.headers, body: res.body ? res.json() : undefined };
}

/** A cart with one unit of a new product (10 in stock); its id and the product's SKU. */
async function filledCart(): Promise<{ cartId: string; sku: string }> {
  const sku = uniqueName('SKU').toUpperCase();
  stack.products.put({ sku, title: `Mug ${sku}`, price: 1500, available: 10 });
  const cart = await call('POST', '/cart', {});
  const added = await call('POST', `/cart/${cart.body.cartId}/lines`, { sku, quantity: 1 });
  expect(added.status).toBe(200);
  return { cartId: cart.body.cartId, sku };
}

const checkoutOf = (cartId: string) => ({
  cartId,
  email: 'ada@example.com',
  shippingAddress: address,
  shippingMethod: 'standard',
  paymentToken: CARDS.success,
});

const checkout = (cartId: string, key: string) =>
  call('POST', '/orders', checkoutOf(cartId), { 'idempotency-key': key });

/** Orders the carts left in the order database, and checkout requests under the keys. */
async function traces(carts: { cartId: string; key?: string }[]) {
  const { rows } = await stack.orderDb.query<{ n: number }>(
    'select count(*)::int as n from orders where cart_id = any($1::uuid[])',
    [carts.map((c) => c.cartId)],
  );
  const { rows: requests } = await stack.orderDb.query<{ n: number }>(
    'select count(*)::int as n from checkout_requests where idempotency_key = any($1::text[])',
    [carts.flatMap((c) => (c.key ? [c.key] : []))],
  );
  return { orders: rows[0]?.n ?? 0, requests: requests[0]?.n ?? 0 };
}

/** Resolves once `count` of the carts have their order written (admitted and past placement). */
async function placed(carts: { cartId: string }[], count: number) {
  await waitFor(async () => (await traces(carts)).orders === count);
}

/**
 * Sends one checkout per cart at once while reservations are held; returns the answers that came
 * before the held ones were let go, and then all of them.
 */
async function checkoutsWhileHeld(carts: { cartId: string; key: string }[]) {
  stack.products.hangReservations(true);
  const early: Answer[] = [];
  const all = carts.map(({ cartId, key }) =>
    checkout(cartId, key).then((answer) => {
      early.push(answer);
      return answer;
    }),
  );
  return { early, all, release: () => stack.products.hangReservations(false) };
}

/** The checkout gate's waiters and its refusals of clients that had gone, from its metrics. */
async function gateState(): Promise<{ queued: number; clientGone: number }> {
  const metrics = await stack.service.app.metrics.getMetricsAsJSON();
  const value = (name: string, labels: Record<string, string>) =>
    metrics
      .find((metric) => metric.name === name)
      ?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
  return {
    queued: value('emporium_admission_queued', { gate: 'checkout-busy' }),
    clientGone: value('emporium_admission_refused_total', { gate: 'checkout-busy', reason: 'client-gone' }),
  };
}

describe('checkout admission', () => {
  it('refuses checkouts beyond the limit and queue with 503 and Retry-After, leaving nothing behind', async () => {
    const carts = await Promise.all(
      Array.from({ length: 6 }, async () => ({ ...(await filledCart()), key: randomUUID() })),
    );
    const sent = await checkoutsWhileHeld(carts);
    // Two are in flight (held at their reservation), one waits for a place: three are refused.
    await waitFor(async () => sent.early.length === 6 - LIMIT - QUEUE);
    const refused = sent.early;
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body.type).toMatch(/\/checkout-busy$/);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(answer.body.retryAfter).toBe(Number(answer.headers['retry-after']));
    }
    sent.release();
    const answers = await Promise.all(sent.all);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 503, 503, 503]);
    for (const placed of answers.filter((a) => a.status === 201))
      expect(placed.body.status).toBe('confirmed');

    // The refused carts: no order, no checkout request, the cart still open, its stock untouched.
    const refusedCarts = carts.filter((_, i) => answers[i]!.status === 503);
    expect(await traces(refusedCarts)).toEqual({ orders: 0, requests: 0 });
    for (const { cartId, sku } of refusedCarts) {
      expect((await call('GET', `/cart/${cartId}`)).body.status).toBe('active');
      expect(stack.products.variant(sku)?.available).toBe(10);
    }
    const { rows: charges } = await stack.paymentDb.query<{ n: number }>(
      'select count(*)::int as n from payments where order_id = any($1::uuid[])',
      [answers.filter((a) => a.status === 201).map((a) => a.body.orderId)],
    );
    expect(charges[0]?.n).toBe(3);

    // Sent again with the same keys, all at once (within the limit and queue), each is ordered once.
    const retried = await Promise.all(refusedCarts.map(({ cartId, key }) => checkout(cartId, key)));
    expect(retried.map((a) => [a.status, a.body.status])).toEqual([
      [201, 'confirmed'],
      [201, 'confirmed'],
      [201, 'confirmed'],
    ]);
    const again = await Promise.all(refusedCarts.map(({ cartId, key }) => checkout(cartId, key)));
    expect(again.map((a) => [a.status, a.headers['idempotent-replayed'], a.body.orderId])).toEqual(
      retried.map((a) => [200, 'true', a.body.orderId]),
    );
    expect(await traces(refusedCarts)).toEqual({ orders: 3, requests: 3 });
    for (const { sku } of refusedCarts) expect(stack.products.variant(sku)?.available).toBe(9);
  });

  it('admits every checkout within the limit and queue, however long they take', async () => {
    const carts = await Promise.all(
      Array.from({ length: LIMIT + QUEUE }, async () => ({ ...(await filledCart()), key: randomUUID() })),
    );
    const sent = await checkoutsWhileHeld(carts);
    // Two are held at their reservation, the third waits for a place: none is answered yet.
    await placed(carts, LIMIT);
    expect(sent.early).toEqual([]);
    sent.release();
    const answers = await Promise.all(sent.all);
    expect(answers.map((a) => [a.status, a.body.status])).toEqual(carts.map(() => [201, 'confirmed']));
    for (const { sku } of carts) expect(stack.products.variant(sku)?.available).toBe(9);
  });

  it('drops a queued checkout whose client hung up, and gives its place to the next one', async () => {
    const carts = await Promise.all(
      Array.from({ length: LIMIT + 2 }, async () => ({ ...(await filledCart()), key: randomUUID() })),
    );
    const [gone, next] = carts.slice(LIMIT);
    const sent = await checkoutsWhileHeld(carts.slice(0, LIMIT));
    await placed(carts, LIMIT);
    // The third comes over a real connection, waits for a place, and its client hangs up.
    const origin = await stack.service.app.listen({ port: 0, host: '127.0.0.1' });
    const hungUp = new AbortController();
    const abandoned = fetch(`${origin}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': gone!.key },
      body: JSON.stringify(checkoutOf(gone!.cartId)),
      signal: hungUp.signal,
    }).catch((error: unknown) => error);
    await waitFor(async () => (await gateState()).queued === 1);
    hungUp.abort();
    await abandoned;
    await waitFor(async () => (await gateState()).queued === 0);
    expect((await gateState()).clientGone).toBe(1);

    // Its place in the queue is free: the next checkout waits there instead of being refused.
    const waiting = checkout(next!.cartId, next!.key);
    await waitFor(async () => (await gateState()).queued === 1);
    sent.release();
    expect((await waiting).status).toBe(201);
    expect((await Promise.all(sent.all)).map((a) => a.status)).toEqual([201, 201]);
    // The one whose client left was never run: no order, no checkout request, its stock untouched.
    expect(await traces([gone!])).toEqual({ orders: 0, requests: 0 });
    expect(stack.products.variant(gone!.sku)?.available).toBe(10);
  });

  it('answers bad input with 400 while every place is taken', async () => {
    const carts = await Promise.all(
      Array.from({ length: LIMIT + QUEUE }, async () => ({ ...(await filledCart()), key: randomUUID() })),
    );
    const sent = await checkoutsWhileHeld(carts);
    await placed(carts, LIMIT);
    const bad = await call(
      'POST',
      '/orders',
      { ...checkoutOf(carts[0]!.cartId), email: 'not an email' },
      {
        'idempotency-key': randomUUID(),
      },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('email');
    sent.release();
    expect((await Promise.all(sent.all)).map((a) => a.status)).toEqual([201, 201, 201]);
  });
});

describe('checkout admission in the served OpenAPI document', () => {
  it('documents the 503 of POST /orders as a problem with Retry-After advice', async () => {
    const doc = (await call('GET', '/openapi.json')).body;
    const busy = doc.paths['/orders'].post.responses['503'];
    expect(busy.description).toMatch(/checkout-busy.*Retry-After/);
    expect(busy.content['application/problem+json'].schema.properties.retryAfter).toMatchObject({
      type: 'integer',
    });
  });
});
