// Why a checkout was cancelled, in words for the shopper (shown on the order and in e-mails).
import type { Unavailable } from '../clients/product-client.js';
import type { StoredOrder } from '../repositories/orders.js';

export function outOfStockReason(order: StoredOrder, unavailable: Unavailable[]): string {
  const parts = unavailable.map((u) => {
    const title = order.lines.find((l) => l.sku === u.sku)?.title ?? u.sku;
    return u.available === 0
      ? `${title} sold out`
      : `only ${u.available} of ${title} left (you ordered ${u.requested})`;
  });
  const what = parts.length > 0 ? parts.join('; ') : 'an item sold out';
  return `Sorry, ${what} before we could reserve it. Your card was not charged.`;
}

export function paymentDeclinedReason(declineMessage: string): string {
  return `Your payment was declined: ${declineMessage} Your card was not charged and nothing was reserved.`;
}

export function reservationExpiredReason(): string {
  return 'Your items were held too long while we waited for the payment, so they were released. Your card was not charged; please try again.';
}

/** `system`: what did not answer, in the shopper's words (e.g. "our stock system"). */
export function timeoutReason(system: string): string {
  return `We could not reach ${system} in time, so we stopped the checkout. Your card was not charged; please try again.`;
}
