// What a shopper and the shop's admin do through the gateway: sign up, stock the catalog,
// search, fill a cart, check out, and read the notification feed.
import { randomUUID } from 'node:crypto';
import { call, eventually, expectStatus } from './api.js';

/** The account overlays/local lets auth create at start (its local-admin Secret). */
const ADMIN = { email: 'admin@cluster.local.test', password: 'change-me-local-cluster-admin' };
const PASSWORD = 'a long and unusual passphrase 7';

export interface Shopper {
  email: string;
  token: string;
}

export async function signUp(): Promise<Shopper> {
  const email = `shopper-${randomUUID()}@example.com`;
  const registered = await expectStatus([200, 201], 'POST', '/api/v1/auth/register', {
    body: { email, password: PASSWORD },
  });
  return { email, token: registered.body.accessToken };
}

export async function adminToken(): Promise<string> {
  const signedIn = await expectStatus(200, 'POST', '/api/v1/auth/login', { body: ADMIN });
  return signedIn.body.accessToken;
}

/** An active product whose title holds a word no other product has; returns its SKU and word. */
export async function stockProduct(admin: string, stock: number): Promise<{ sku: string; word: string }> {
  const word = `deploytest${randomUUID().slice(0, 8)}`;
  const sku = word.toUpperCase();
  await expectStatus([200, 201, 204], 'PUT', '/api/v1/admin/categories/deploy-test', {
    token: admin,
    body: { name: 'Deployment test' },
  });
  await expectStatus(201, 'POST', '/api/v1/admin/products', {
    token: admin,
    body: {
      slug: word,
      title: `Enamel mug ${word}`,
      brand: 'Emporium',
      category: 'deploy-test',
      status: 'active',
      variants: [{ sku, title: 'Blue', prices: [{ amount: 1250, currency: 'EUR' }], stock }],
    },
  });
  return { sku, word };
}

/** The slugs a catalog search finds; signed in when a token is given (a higher rate limit). */
export async function search(word: string, token?: string): Promise<string[]> {
  const found = await expectStatus(200, 'GET', `/api/v1/products?q=${encodeURIComponent(word)}`, { token });
  return found.body.items.map((item: { slug: string }) => item.slug);
}

/** Cart, one line, checkout: the order's id once the order service took it (201). */
export async function checkOut(shopper: Shopper, sku: string): Promise<string> {
  // 200: the shopper's active cart, left over when an earlier checkout of the loop failed.
  const cart = await expectStatus([200, 201], 'POST', '/api/v1/cart', { token: shopper.token, body: {} });
  const { cartId } = cart.body;
  await expectStatus(200, 'POST', `/api/v1/cart/${cartId}/lines`, {
    token: shopper.token,
    body: { sku, quantity: 1 },
  });
  const placed = await expectStatus(201, 'POST', '/api/v1/orders', {
    token: shopper.token,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      cartId,
      email: shopper.email,
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '12 Analytical Row',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      shippingMethod: 'standard',
      paymentToken: '4242424242424242',
    },
  });
  return placed.body.orderId;
}

export async function waitConfirmed(shopper: Shopper, orderId: string): Promise<void> {
  await eventually(`order ${orderId} confirmed`, async () => {
    const read = await expectStatus(200, 'GET', `/api/v1/orders/${orderId}`, { token: shopper.token });
    if (read.body.status === 'cancelled') throw new Error(`order ${orderId} was cancelled`);
    return read.body.status === 'confirmed' ? true : undefined;
  });
}

/** The feed entry the notification service made for the order's confirmation. */
export async function confirmationInFeed(shopper: Shopper, orderId: string): Promise<string> {
  return eventually(`order ${orderId} in the notification feed`, async () => {
    const feed = await call('GET', '/api/v1/notifications', { token: shopper.token });
    if (feed.status !== 200) return undefined;
    const entry = feed.body.items.find(
      (item: { kind: string; link: string | null }) =>
        item.kind === 'order_confirmed' && item.link?.includes(orderId),
    );
    return entry?.title;
  });
}
