// GraphQL cart and checkout mutations against the real services (the embedded platform): a whole
// purchase as a guest and signed in, idempotency, refused input, other people's carts and the
// checkout quota shared with REST.
import { randomUUID } from 'node:crypto';
import { createTokenVerifier, loadConfig, type ServiceApp } from '@emporium/platform';
import { createRemoteJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { gatewayConfigSchema } from '../src/config.js';
import {
  type EmbeddedPlatform,
  gatewayUpstreams,
  startEmbeddedPlatform,
} from './support/embedded-platform.js';

const CHECKOUT_MAX = 20;
const CART = 'id status lines { sku quantity unitPrice { amount currency } } subtotal { amount currency }';
const ORDER =
  'id orderNumber status total { amount currency } lines { sku quantity } totals { total { amount } }';

describe('GraphQL mutations for the cart and checkout', () => {
  let platform: EmbeddedPlatform;
  let app: ServiceApp;
  /** Paths the gateway itself called on the order service, in order. */
  const orderCalls: string[] = [];
  let skus: [string, string];

  async function graphql(
    query: string,
    variables: Record<string, unknown> = {},
    options: { token?: string; ip?: string } = {},
  ) {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      payload: { query, variables },
      remoteAddress: options.ip ?? '10.30.0.1',
    });
    // The answer's shape is the query's: each test reads what it asked for.
    return { statusCode: res.statusCode, ...res.json() };
  }

  async function rest<T>(method: 'GET' | 'POST', url: string, body?: object): Promise<T> {
    const res = await app.inject({ method, url, ...(body === undefined ? {} : { payload: body }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json() as T;
  }

  const register = async () =>
    (
      await rest<{ accessToken: string }>('POST', '/api/v1/auth/register', {
        email: `shopper-${randomUUID().slice(0, 8)}@example.com`,
        password: 'a long and unusual passphrase 7',
      })
    ).accessToken;

  const checkoutInput = (cartId: string, overrides: Record<string, unknown> = {}) => ({
    cartId,
    email: 'ada@example.com',
    // The demo catalog prices in USD: the US region is the one that sells in it.
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '1 Market Street',
      line2: null,
      city: 'San Francisco',
      postalCode: '94105',
      region: 'CA',
      country: 'US',
    },
    shippingMethod: 'standard',
    paymentToken: '4242424242424242',
    ...overrides,
  });

  const PLACE = `mutation Place($input: PlaceOrderInput!, $key: String!) {
    placeOrder(input: $input, idempotencyKey: $key) { ${ORDER} }
  }`;
  const ADD = `mutation Add($cartId: ID!, $sku: String!, $quantity: Int!) {
    addCartLine(cartId: $cartId, sku: $sku, quantity: $quantity) { ${CART} }
  }`;

  /** A cart holding one line, built through GraphQL. */
  async function filledCart(options: { token?: string; ip?: string } = {}): Promise<string> {
    const created = await graphql(`mutation { createCart { ${CART} } }`, {}, options);
    const cartId = created.data!.createCart.id as string;
    const added = await graphql(ADD, { cartId, sku: skus[0], quantity: 1 }, options);
    expect(added.errors).toBeUndefined();
    return cartId;
  }

  const readCart = async (cartId: string, token?: string) =>
    (await graphql(`query ($id: ID!) { cart(id: $id) { ${CART} } }`, { id: cartId }, { token })).data!.cart;

  beforeAll(async () => {
    platform = await startEmbeddedPlatform();
    const config = loadConfig(gatewayConfigSchema, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_URL: 'memory:',
      ...gatewayUpstreams(platform),
      RATE_LIMIT_CHECKOUT_MAX: String(CHECKOUT_MAX),
    });
    ({ app } = await buildApp({
      config,
      verifier: createTokenVerifier(createRemoteJWKSet(new URL(config.AUTH_JWKS_URL))),
      upstreamHooks: { onCall: (upstream, path) => upstream === 'order' && orderCalls.push(path) },
      processMetrics: false,
    }));
    await app.ready();
    const listing = await rest<{ items: { slug: string }[] }>('GET', '/api/v1/products?limit=5&inStock=true');
    const inStock: string[] = [];
    for (const { slug } of listing.items) {
      const detail = await rest<{ variants: { sku: string; available: number }[] }>(
        'GET',
        `/api/v1/products/${slug}`,
      );
      inStock.push(...detail.variants.filter((variant) => variant.available >= 10).map((v) => v.sku));
    }
    expect(inStock.length).toBeGreaterThanOrEqual(2);
    skus = [inStock[0]!, inStock[1]!];
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await platform?.stop();
  });

  it('lets a guest fill a cart, place an order and read it back by its id', async () => {
    const guest = { ip: '10.30.1.1' };
    const created = await graphql(`mutation { createCart { ${CART} } }`, {}, guest);
    expect(created.data!.createCart).toMatchObject({ status: 'active', lines: [], subtotal: null });
    const cartId = created.data!.createCart.id;

    await graphql(ADD, { cartId, sku: skus[0], quantity: 2 }, guest);
    await graphql(ADD, { cartId, sku: skus[1], quantity: 1 }, guest);
    const updated = await graphql(
      `mutation ($cartId: ID!, $sku: String!) { updateCartLine(cartId: $cartId, sku: $sku, quantity: 3) { ${CART} } }`,
      { cartId, sku: skus[0] },
      guest,
    );
    expect(updated.data!.updateCartLine.lines).toContainEqual(
      expect.objectContaining({ sku: skus[0], quantity: 3 }),
    );
    const removed = await graphql(
      `mutation ($cartId: ID!, $sku: String!) { removeCartLine(cartId: $cartId, sku: $sku) { ${CART} } }`,
      { cartId, sku: skus[1] },
      guest,
    );
    const cart = removed.data!.removeCartLine;
    expect(cart.lines).toEqual([expect.objectContaining({ sku: skus[0], quantity: 3 })]);
    expect(Number.isInteger(cart.subtotal.amount)).toBe(true);

    const placed = await graphql(PLACE, { input: checkoutInput(cartId), key: randomUUID() }, guest);
    expect(placed.errors).toBeUndefined();
    const order = placed.data!.placeOrder;
    expect(order).toMatchObject({ lines: [{ sku: skus[0], quantity: 3 }] });
    expect(order.total).toEqual({ amount: order.totals.total.amount, currency: cart.subtotal.currency });

    const read = await graphql(`query ($id: ID!) { order(id: $id) { ${ORDER} } }`, { id: order.id }, guest);
    expect(read.data!.order).toMatchObject({
      id: order.id,
      orderNumber: order.orderNumber,
      lines: order.lines,
    });
    expect((await readCart(cartId)).status).toBe('converted');
  }, 60_000);

  it('lets a signed-in customer do the same, with the order in their history', async () => {
    const token = await register();
    const cartId = await filledCart({ token });
    // Signed in, createCart answers the shopper's own active cart rather than another one.
    const again = await graphql('mutation { createCart { id } }', {}, { token });
    expect(again.data!.createCart.id).toBe(cartId);

    const placed = await graphql(PLACE, { input: checkoutInput(cartId), key: randomUUID() }, { token });
    expect(placed.errors).toBeUndefined();
    const order = placed.data!.placeOrder;
    const read = await graphql(
      `query ($id: ID!) { order(id: $id) { id orderNumber } orders { id } }`,
      { id: order.id },
      { token },
    );
    expect(read.data!.order).toEqual({ id: order.id, orderNumber: order.orderNumber });
    expect(read.data!.orders).toEqual([{ id: order.id }]);
  }, 60_000);

  it('answers a retried checkout with the same order, and refuses the key for another input with 422', async () => {
    const client = { ip: '10.30.2.1' };
    const cartId = await filledCart(client);
    const key = randomUUID();
    const first = await graphql(PLACE, { input: checkoutInput(cartId), key }, client);
    const retried = await graphql(PLACE, { input: checkoutInput(cartId), key }, client);
    expect(first.errors).toBeUndefined();
    expect(retried.data!.placeOrder.id).toBe(first.data!.placeOrder.id);

    const changed = await graphql(
      PLACE,
      { input: checkoutInput(cartId, { shippingMethod: 'express' }), key },
      client,
    );
    expect(changed.data).toBeNull();
    expect(changed.errors![0]!.extensions).toMatchObject({
      status: 422,
      type: 'https://emporium.dev/problems/idempotency-key-reused',
    });
  }, 60_000);

  it('refuses invalid input naming the field, and changes nothing', async () => {
    const client = { ip: '10.30.3.1' };
    const cartId = await filledCart(client);
    const before = await readCart(cartId);

    const badEmail = await graphql(
      PLACE,
      { input: checkoutInput(cartId, { email: 'not-an-email' }), key: randomUUID() },
      client,
    );
    expect(badEmail.errors![0]!.extensions).toMatchObject({
      code: 'BAD_REQUEST',
      status: 400,
      type: 'https://emporium.dev/problems/validation',
      errors: [expect.objectContaining({ field: 'input.email' })],
    });

    const negative = await graphql(ADD, { cartId, sku: skus[1], quantity: -1 }, client);
    expect(negative.errors![0]!.extensions).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'quantity' })],
    });
    expect(await readCart(cartId)).toEqual(before);
  }, 60_000);

  it('checks GraphQL types and required fields before calling any service', async () => {
    const calls = orderCalls.length;
    const missing = await graphql(PLACE, {
      input: { ...checkoutInput(randomUUID()), paymentToken: undefined },
      key: randomUUID(),
    });
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.errors)).toMatch(/paymentToken/);
    const notAnInt = await graphql(ADD, { cartId: randomUUID(), sku: skus[0], quantity: 'two' });
    expect(notAnInt.statusCode).toBe(400);
    expect(JSON.stringify(notAnInt.errors)).toMatch(/quantity/);
    const unknownMethod = await graphql(PLACE, {
      input: checkoutInput(randomUUID(), { shippingMethod: 'teleport' }),
      key: randomUUID(),
    });
    expect(unknownMethod.statusCode).toBe(400);
    expect(orderCalls.length).toBe(calls);
  });

  it("refuses changes to another shopper's cart and leaves it as it was", async () => {
    const owner = await register();
    const cartId = await filledCart({ token: owner });
    const before = await readCart(cartId, owner);
    const stranger = await register();
    for (const token of [stranger, undefined]) {
      const added = await graphql(ADD, { cartId, sku: skus[1], quantity: 5 }, { token });
      expect(added.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
      const removed = await graphql(
        'mutation ($cartId: ID!, $sku: String!) { removeCartLine(cartId: $cartId, sku: $sku) { id } }',
        { cartId, sku: skus[0] },
        { token },
      );
      expect(removed.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    }
    expect(await readCart(cartId, owner)).toEqual(before);
  }, 60_000);

  it("merges a guest cart into a signed-in shopper's cart, and refuses a guest or an unknown cart", async () => {
    const guestCart = await filledCart({ ip: '10.30.5.1' });
    const shopper = await register();
    const ownCart = (await graphql(`mutation { createCart { ${CART} } }`, {}, { token: shopper })).data!
      .createCart.id as string;
    await graphql(ADD, { cartId: ownCart, sku: skus[0], quantity: 2 }, { token: shopper });
    const MERGE = `mutation ($cartId: ID!) { mergeCart(cartId: $cartId) { ${CART} } }`;

    const asGuest = await graphql(MERGE, { cartId: guestCart });
    expect(asGuest.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const unknown = await graphql(MERGE, { cartId: randomUUID() }, { token: shopper });
    expect(unknown.errors![0]!.extensions).toMatchObject({ status: 404 });
    expect((await readCart(ownCart, shopper)).lines).toEqual([
      expect.objectContaining({ sku: skus[0], quantity: 2 }),
    ]);

    const merged = await graphql(MERGE, { cartId: guestCart }, { token: shopper });
    expect(merged.errors).toBeUndefined();
    expect(merged.data!.mergeCart).toMatchObject({
      id: ownCart,
      lines: [expect.objectContaining({ sku: skus[0], quantity: 3 })],
    });
  }, 60_000);

  it('refuses a stale token instead of checking out as a guest', async () => {
    const cartId = await filledCart({ ip: '10.30.4.1' });
    const calls = orderCalls.length;
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: 'Bearer not-a-jwt' },
      payload: { query: PLACE, variables: { input: checkoutInput(cartId), key: randomUUID() } },
      remoteAddress: '10.30.4.1',
    });
    expect(res.json().errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(orderCalls.length).toBe(calls);
    expect((await readCart(cartId)).status).toBe('active');
  }, 60_000);

  it('stops the 21st placement from one client with a 429, sharing the quota with REST', async () => {
    const client = { ip: '10.30.5.1' };
    const cartId = await filledCart(client);
    // Placements count whatever the service makes of them, as over REST: card testers fail a lot.
    for (let i = 0; i < CHECKOUT_MAX - 1; i++) {
      const res = await graphql(PLACE, { input: checkoutInput(randomUUID()), key: randomUUID() }, client);
      expect(res.errors?.[0]?.extensions?.status).not.toBe(429);
    }
    const rest = await app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { 'idempotency-key': randomUUID() },
      payload: checkoutInput(randomUUID()),
      remoteAddress: client.ip,
    });
    expect(rest.statusCode).not.toBe(429);

    const calls = orderCalls.length;
    const refused = await graphql(PLACE, { input: checkoutInput(cartId), key: randomUUID() }, client);
    expect(refused.errors![0]!.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      type: 'https://emporium.dev/problems/rate-limited',
    });
    expect(refused.errors![0]!.extensions!.retryAfter).toBeGreaterThan(0);
    expect(orderCalls.length).toBe(calls);
    expect((await readCart(cartId)).status).toBe('active');
    const overRest = await app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { 'idempotency-key': randomUUID() },
      payload: checkoutInput(cartId),
      remoteAddress: client.ip,
    });
    expect(overRest.statusCode).toBe(429);

    const elsewhere = await graphql(
      PLACE,
      { input: checkoutInput(cartId), key: randomUUID() },
      { ip: '10.30.5.2' },
    );
    expect(elsewhere.errors).toBeUndefined();
  }, 120_000);

  it('prices each mutation as a write, so one document cannot hold hundreds of them', async () => {
    const calls = orderCalls.length;
    const aliases = Array.from({ length: 30 }, (_, i) => `c${i}: createCart { id }`).join(' ');
    const res = await graphql(`mutation { ${aliases} }`);
    expect(res.statusCode).toBe(400);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
    expect(orderCalls.length).toBe(calls);
  });

  it('does not run mutations sent with GET', async () => {
    const calls = orderCalls.length;
    const res = await app.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('mutation { createCart { id } }')}`,
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(orderCalls.length).toBe(calls);
  });
});
