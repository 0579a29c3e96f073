// A shopper's whole journey through the gateway: sign up, search, cart, checkout, notification,
// and an e-mail switch changed in the profile that the notification service then follows.
// Used against the embedded platform and against the distributed one.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';

export interface Api {
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
}

export function gatewayApi(base: string): Api {
  return {
    async call(method, path, body, token, headers = {}) {
      const response = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : {} };
    },
  };
}

async function eventually<T>(
  read: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(200);
  }
}

export interface ShopperResult {
  email: string;
  password: string;
  orderId: string;
}

export async function shopperBuysSomething(api: Api): Promise<ShopperResult> {
  const email = `shopper-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'lantern harbour violet 42';
  const registered = await api.call<{ accessToken: string }>('POST', '/auth/register', { email, password });
  expect(registered.status).toBe(201);
  const token = registered.body.accessToken;

  const search = await api.call<{ items: { slug: string }[] }>(
    'GET',
    '/products?q=lamp&inStock=true&limit=5',
  );
  expect(search.status).toBe(200);
  expect(search.body.items.length).toBeGreaterThan(0);
  const product = await api.call<{ variants: { sku: string; available: number }[] }>(
    'GET',
    `/products/${search.body.items[0]!.slug}`,
  );
  const variant = product.body.variants.find((v) => v.available > 0)!;

  const cart = await api.call<{ cartId: string }>('POST', '/cart', {}, token);
  expect(cart.status).toBe(201);
  const added = await api.call(
    'POST',
    `/cart/${cart.body.cartId}/lines`,
    { sku: variant.sku, quantity: 1 },
    token,
  );
  expect(added.status).toBeLessThan(300);

  const checkout = await api.call<{ orderId: string; status: string }>(
    'POST',
    '/orders',
    {
      cartId: cart.body.cartId,
      email,
      shippingMethod: 'standard',
      paymentToken: '4242424242424242',
      // The demo catalog prices in USD: the US region is the one that sells in it.
      shippingAddress: {
        name: 'Ada Shopper',
        line1: '1 Market Street',
        city: 'San Francisco',
        postalCode: '94105',
        region: 'CA',
        country: 'US',
      },
    },
    token,
    { 'idempotency-key': randomUUID() },
  );
  expect(checkout.status).toBeLessThan(300);
  const orderId = checkout.body.orderId;
  await eventually(async () => {
    const order = await api.call<{ status: string }>('GET', `/orders/${orderId}`, undefined, token);
    return order.body.status === 'confirmed' ? order : undefined;
  }, 'order confirmation');

  await eventually(async () => {
    const feed = await api.call<{ items: { kind: string; title: string }[] }>(
      'GET',
      '/notifications',
      undefined,
      token,
    );
    return feed.body.items?.find((item) => /confirm/i.test(`${item.kind} ${item.title}`));
  }, 'the order-confirmed notification');
  return { email, password, orderId };
}

export async function orderIsStillThere(api: Api, shopper: ShopperResult): Promise<void> {
  const login = await api.call<{ accessToken: string }>('POST', '/auth/login', {
    email: shopper.email,
    password: shopper.password,
  });
  expect(login.status).toBe(200);
  const order = await api.call<{ status: string }>(
    'GET',
    `/orders/${shopper.orderId}`,
    undefined,
    login.body.accessToken,
  );
  expect(order.status).toBe(200);
  expect(order.body.status).toBe('confirmed');
}

/** Turns an e-mail off in the profile (user service); the notification service's copy follows. */
export async function emailSwitchReachesNotifications(api: Api, shopper: ShopperResult): Promise<void> {
  const login = await api.call<{ accessToken: string }>('POST', '/auth/login', {
    email: shopper.email,
    password: shopper.password,
  });
  const token = login.body.accessToken;
  const changed = await api.call<{ email: Record<string, boolean> }>(
    'PATCH',
    '/users/me/preferences',
    { email: { order_shipped: false } },
    token,
  );
  expect(changed.status).toBe(200);
  expect(changed.body.email).toMatchObject({ order_shipped: false, order_cancelled: true });

  const followed = await eventually(async () => {
    const honoured = await api.call<{ email: Record<string, boolean> }>(
      'GET',
      '/notifications/preferences',
      undefined,
      token,
    );
    return honoured.body.email?.order_shipped === false ? honoured.body.email : undefined;
  }, 'the notification service following the profile');
  expect(followed).toEqual(changed.body.email);
}
