// What a checkout attempt came to, in the shopper's terms. The order service answers a declined
// card with the order itself, cancelled, and the reason in words; refusals before an order exists
// (cart empty, prices moved, bad input) are problem+json errors.
import { ApiError, type Order } from '@emporium/api-client';
import { type CheckoutErrors, formErrorsFromService } from './checkout-form';

export type CheckoutOutcome =
  /** Confirmed, or still in progress (the order screen follows it). */
  | { kind: 'placed'; order: Order }
  /** The order was cancelled during checkout: payment declined, sold out, a timeout. */
  | { kind: 'failed'; order: Order; message: string }
  /** No order was made; the message says what to do, fieldErrors point at the form. */
  | { kind: 'refused'; message: string; fieldErrors: CheckoutErrors; cartChanged: boolean };

export function outcomeOfOrder(order: Order): CheckoutOutcome {
  if (order.status !== 'cancelled') return { kind: 'placed', order };
  return {
    kind: 'failed',
    order,
    message: order.cancellation?.reason ?? 'The order could not be completed. Your card was not charged.',
  };
}

/** Slugs after which the cart on screen is stale and must be read again. */
const CART_CHANGED = new Set(['prices-changed', 'cart-has-unavailable-items', 'cart-empty', 'conflict']);

export function outcomeOfError(error: unknown): CheckoutOutcome {
  if (!(error instanceof ApiError)) throw error;
  const fieldErrors = formErrorsFromService(error.fieldErrors);
  const message =
    Object.keys(fieldErrors).length > 0 ? 'Some details need fixing; see the marked fields.' : error.message;
  return { kind: 'refused', message, fieldErrors, cartChanged: CART_CHANGED.has(error.slug) };
}
