// What an admin and the test's customer can see of the shop's state, read through the public API:
// equal before and after the fuzzing means no malformed request changed anything.
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';

export type ApiGet = (url: string, token: string) => Promise<unknown>;

export interface Watched {
  adminToken: string;
  customerToken: string;
  productId: string;
  cartId: string;
}

async function allProductIds(get: ApiGet, token: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = (await get(`/api/v1/products?limit=100${cursor ? `&cursor=${cursor}` : ''}`, token)) as {
      items: { id: string }[];
      nextCursor?: string | null;
    };
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return ids.sort();
}

export async function observableState(get: ApiGet, watched: Watched): Promise<Record<string, unknown>> {
  const admin = (url: string) => get(url, watched.adminToken);
  const customer = (url: string) => get(url, watched.customerToken);
  return {
    users: await admin('/api/v1/admin/users?limit=100'),
    orders: await admin('/api/v1/admin/orders?limit=200'),
    payments: await admin('/api/v1/admin/payments?limit=200'),
    deliveries: await admin('/api/v1/admin/notifications/deliveries?limit=100'),
    sentMail: await admin('/api/v1/admin/notifications/outbox-mail?limit=100'),
    lowStock: await admin('/api/v1/admin/stock/low?limit=500'),
    products: await allProductIds(get, watched.adminToken),
    fuzzedProduct: await admin(`/api/v1/admin/products/${watched.productId}`),
    categories: await admin('/api/v1/categories'),
    profile: await customer('/api/v1/users/me'),
    addresses: await customer('/api/v1/users/me/addresses'),
    preferences: await customer('/api/v1/users/me/preferences'),
    notificationPreferences: await customer('/api/v1/notifications/preferences'),
    notifications: await customer('/api/v1/notifications?limit=100'),
    cart: await customer(`/api/v1/cart/${watched.cartId}`),
  };
}

/** The state once the events of the test's own setup (sign-up mails…) have been handled. */
export async function settledState(get: ApiGet, watched: Watched): Promise<Record<string, unknown>> {
  let previous = await observableState(get, watched);
  for (let attempt = 0; attempt < 50; attempt++) {
    await sleep(300);
    const current = await observableState(get, watched);
    if (isDeepStrictEqual(current, previous)) return current;
    previous = current;
  }
  throw new Error('the platform state never settled');
}
