// The simulated clients: each loops until the deadline, drawing its next operation from its own
// seeded stream. Shoppers (guests and signed-in) fill carts and check out, sometimes the same cart
// from several requests at once with different Idempotency-Keys, with cards that succeed or are
// declined; the admin ships, delivers, cancels, refunds (several partial refunds of one order at
// once too), restocks and changes prices. Every call lands in the history.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Answer, Api, Call } from './api.js';
import type { Random } from './random.js';
import { type Catalog, signInAdmin } from './setup.js';

const CARD_OK = '4242424242424242';
const CARD_DECLINED = '4000000000000002';
const PASSWORD = 'lantern harbour violet 42';
// After a call that got no answer (a service killed by a fault), a client waits before its next
// operation rather than spinning on a closed port.
const BACKOFF_MS = 300;

export interface WorkloadOptions {
  clients: number;
  seconds: number;
  random: Random;
}

interface KnownOrder {
  orderId: string;
  total: number;
  currency: string;
  refs: string[];
}

interface OrderAnswer {
  orderId?: string;
  totals?: { total: { amount: number; currency: string } };
  lines?: { sku: string }[];
}

export async function runWorkload(
  gatewayApi: Api,
  catalog: Catalog,
  admin: { email: string; password: string },
  { clients, seconds, random }: WorkloadOptions,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  const unanswered = new Set<number>();
  const api: Api = {
    async call<T>(client: number, call: Call) {
      const answer = await gatewayApi.call<T>(client, call);
      if (answer.status === 0) unanswered.add(client);
      return answer;
    },
  };
  const orders: KnownOrder[] = [];
  let adminToken = catalog.adminToken;
  let adminSignIn: Promise<string> | undefined;

  /** An admin call; a 401 (the token expired in a long run) signs the admin in again for the next one. */
  async function asAdmin<T>(client: number, call: Omit<Call, 'token'>): Promise<Answer<T>> {
    const answer = await api.call<T>(client, { ...call, token: adminToken });
    if (answer.status === 401) {
      adminSignIn ??= signInAdmin(api, admin).finally(() => {
        adminSignIn = undefined;
      });
      adminToken = await adminSignIn;
    }
    return answer;
  }

  function remember(answer: Answer<OrderAnswer>, cartRef: string): void {
    const order = answer.body;
    if (answer.status >= 300 || !order.orderId || !order.totals) return;
    answer.operation.refs.push(`order:${order.orderId}`);
    if (orders.some((known) => known.orderId === order.orderId)) return;
    orders.push({
      orderId: order.orderId,
      total: order.totals.total.amount,
      currency: order.totals.total.currency,
      refs: [`order:${order.orderId}`, cartRef, ...(order.lines ?? []).map((line) => `sku:${line.sku}`)],
    });
  }

  async function runClient(client: number, random: Random): Promise<void> {
    let shopper: { email: string; token: string } | undefined;
    let checkouts = 0;

    async function signedInShopper(): Promise<{ email: string; token: string } | undefined> {
      if (shopper) return shopper;
      const email = `shopper-${client}-${random.int(0, 1e9)}@example.com`;
      const registered = await api.call<{ accessToken?: string }>(client, {
        kind: 'register',
        method: 'POST',
        path: '/auth/register',
        body: { email, password: PASSWORD },
      });
      if (registered.status === 201 && registered.body.accessToken) {
        shopper = { email, token: registered.body.accessToken };
      }
      return shopper;
    }

    async function buy(racing: boolean): Promise<void> {
      const signedIn = random.chance(0.5) ? await signedInShopper() : undefined;
      const token = signedIn?.token;
      const cart = await api.call<{ cartId?: string }>(client, {
        kind: 'cart-open',
        method: 'POST',
        path: '/cart',
        body: {},
        ...(token ? { token } : {}),
      });
      if (cart.status === 401 && signedIn) shopper = undefined;
      const cartId = cart.body.cartId;
      if (cart.status >= 300 || !cartId) return;
      const cartRef = `cart:${cartId}`;
      cart.operation.refs.push(cartRef);
      const skus = new Set<string>();
      for (let line = random.int(1, 2); line > 0; line--) {
        const sku = random.pick(catalog.skus);
        skus.add(sku);
        await api.call(client, {
          kind: 'cart-add',
          method: 'POST',
          path: `/cart/${cartId}/lines`,
          body: { sku, quantity: random.int(1, 3) },
          ...(token ? { token } : {}),
          refs: [cartRef, `sku:${sku}`],
        });
      }
      checkouts += 1;
      const body = {
        cartId,
        // One address per checkout, so every e-mail can be traced to the orders it is about.
        email: signedIn?.email ?? `guest-${client}-${checkouts}-${random.int(0, 1e9)}@example.com`,
        shippingMethod: 'standard',
        paymentToken: random.chance(0.8) ? CARD_OK : CARD_DECLINED,
        // Prices are in USD (setup.ts): the US region is the one that sells in it.
        shippingAddress: {
          name: 'Ada Shopper',
          line1: '1 Market Street',
          city: 'San Francisco',
          postalCode: '94105',
          region: 'CA',
          country: 'US',
        },
      };
      const keys = Array.from(
        { length: racing ? random.int(2, 3) : 1 },
        (_, k) => `inv-${client}-${checkouts}-${k}-${random.int(0, 1e9)}`,
      );
      // A retried click: the same key twice at once must still make one order.
      if (random.chance(0.15)) keys.push(keys[0]!);
      const answers = await Promise.all(
        keys.map((key) =>
          api.call<OrderAnswer>(client, {
            kind: keys.length > 1 ? 'checkout-race' : 'checkout',
            method: 'POST',
            path: '/orders',
            body,
            ...(token ? { token } : {}),
            headers: { 'idempotency-key': key },
            refs: [cartRef, ...[...skus].map((sku) => `sku:${sku}`)],
          }),
        ),
      );
      for (const answer of answers) remember(answer, cartRef);
    }

    async function actOnOrder(order: KnownOrder): Promise<void> {
      const path = `/admin/orders/${order.orderId}`;
      const refs = order.refs;
      const refund = (amount?: number) =>
        asAdmin(client, {
          kind: amount === undefined ? 'refund-full' : 'refund-partial',
          method: 'POST',
          path: `${path}/refund`,
          body: {
            ...(amount === undefined ? {} : { amount: { amount, currency: order.currency } }),
            reason: 'invariants: refund',
          },
          refs,
        });
      const roll = random.next();
      if (roll < 0.2) {
        const shipped = await asAdmin(client, {
          kind: 'ship',
          method: 'POST',
          path: `${path}/ship`,
          body: { carrier: 'Parcelforce', trackingNumber: `INV${random.int(1000, 9999)}` },
          refs,
        });
        if (shipped.status === 200 && random.chance(0.5)) {
          await asAdmin(client, { kind: 'deliver', method: 'POST', path: `${path}/deliver`, refs });
        }
      } else if (roll < 0.3) {
        await asAdmin(client, { kind: 'deliver', method: 'POST', path: `${path}/deliver`, refs });
      } else if (roll < 0.45) {
        await asAdmin(client, {
          kind: 'cancel',
          method: 'POST',
          path: `${path}/cancel`,
          body: { reason: 'invariants: cancelled by the shop' },
          refs,
        });
      } else if (roll < 0.55) {
        await refund();
      } else if (roll < 0.75) {
        await refund(random.int(1, Math.max(1, Math.floor(order.total / 3))));
      } else {
        // Several partial refunds of one order at once: the same amount (a double click) or not.
        const count = random.int(2, 3);
        const same = random.chance(0.5);
        const amounts = Array.from({ length: count }, () =>
          random.int(1, Math.max(1, Math.floor(order.total / (count + 1)))),
        );
        await Promise.all(amounts.map((amount) => refund(same ? amounts[0] : amount)));
      }
    }

    async function restock(): Promise<void> {
      const sku = random.pick(catalog.skus);
      await asAdmin(client, {
        kind: 'restock',
        method: 'POST',
        path: `/admin/stock/${sku}/restock`,
        body: { quantity: random.int(1, 6) },
        refs: [`sku:${sku}`],
      });
    }

    async function changePrice(): Promise<void> {
      const product = random.pick(catalog.products);
      const refs = [`product:${product.id}`];
      const current = await asAdmin<{ version?: number; variants?: Record<string, unknown>[] }>(client, {
        kind: 'product-read',
        method: 'GET',
        path: `/admin/products/${product.id}`,
        refs,
      });
      const { version, variants } = current.body;
      if (current.status !== 200 || !version || !variants) return;
      const changed = random.pick(variants).sku;
      await asAdmin(client, {
        kind: 'price-change',
        method: 'PATCH',
        path: `/admin/products/${product.id}`,
        body: {
          version,
          variants: variants.map(({ sku, title, options, prices, lowStockThreshold }) => ({
            sku,
            title,
            options,
            lowStockThreshold,
            prices: sku === changed ? [{ amount: random.int(5, 120) * 100 + 49, currency: 'USD' }] : prices,
          })),
        },
        refs,
      });
    }

    while (Date.now() < deadline) {
      const roll = random.next();
      if (roll < 0.42 || orders.length === 0) await buy(false);
      else if (roll < 0.52) await buy(true);
      else if (roll < 0.86) await actOnOrder(random.pick(orders.slice(-40)));
      else if (roll < 0.94) await restock();
      else await changePrice();
      if (unanswered.delete(client)) await sleep(BACKOFF_MS);
    }
  }

  await Promise.all(Array.from({ length: clients }, (_, client) => runClient(client, random.fork())));
}
