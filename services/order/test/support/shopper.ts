// A shopper driving the order service's public API: fill a cart, check out, follow the order.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@emporium/platform/testing';

export const CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  lostAnswer: '4000000000000119',
};

export const address = {
  name: 'Ada Lovelace',
  line1: '12 Analytical Row',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
};

export function shopper(orderUrl: string, token?: string) {
  const headers = (extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...extra,
  });
  const call = async (method: string, path: string, body?: unknown, extra?: Record<string, string>) => {
    const res = await fetch(`${orderUrl}${path}`, {
      method,
      headers: headers(extra),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: test responses are asserted field by field
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
  };
  return {
    call,
    async cartWith(sku: string, quantity: number): Promise<string> {
      const cart = await call('POST', '/cart', {});
      const added = await call('POST', `/cart/${cart.body.cartId}/lines`, { sku, quantity });
      if (added.status !== 200) throw new Error(`adding ${sku} failed: ${JSON.stringify(added.body)}`);
      return cart.body.cartId;
    },
    checkoutBody(cartId: string, paymentToken = CARDS.success) {
      return {
        cartId,
        email: 'ada@example.com',
        shippingAddress: address,
        shippingMethod: 'standard',
        paymentToken,
      };
    },
    checkout(body: unknown, key: string = randomUUID()) {
      return call('POST', '/orders', body, { 'idempotency-key': key });
    },
    /**
     * A shopper who, told the shop is busy (503: the checkout was shed at admission, or the quote
     * took too long on a loaded machine), sends the same request again under the same key, as
     * the answer invites; a moment later rather than after Retry-After, to keep tests short.
     */
    async checkoutUntilAnswered(body: unknown) {
      const key = randomUUID();
      for (;;) {
        const answer = await call('POST', '/orders', body, { 'idempotency-key': key });
        if (answer.status !== 503) return answer;
        await sleep(50);
      }
    },
    order: (orderId: string) => call('GET', `/orders/${orderId}`),
    cart: (cartId: string) => call('GET', `/cart/${cartId}`),
    /** Waits until the order reaches a final checkout status and returns it. */
    async settledOrder(orderId: string, timeoutMs = 30_000) {
      let order: { status: string } | undefined;
      await waitFor(async () => {
        order = (await call('GET', `/orders/${orderId}`)).body;
        return ['confirmed', 'checkout_failed'].includes(order?.status ?? '');
      }, timeoutMs);
      // biome-ignore lint/suspicious/noExplicitAny: see above
      return order as any;
    },
  };
}
