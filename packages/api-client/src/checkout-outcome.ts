// What a checkout attempt came to, in the shopper's terms. The order service answers a declined
// card with the order itself, cancelled, and the reason in words; refusals before an order exists
// (cart empty, prices moved, bad input) are problem+json errors.
import { checkoutFieldErrors } from './checkout-form.js';
import { ApiError } from './problem.js';
import type { Order } from './types.js';

/** What a placed order means for the next screen. */
export type CheckoutOutcome =
  | { kind: 'confirmed'; orderId: string }
  /** Still in checkout (stock, payment): the order screen follows it until it settles. */
  | { kind: 'processing'; orderId: string }
  /** Cancelled during checkout: payment declined, sold out, a timeout. */
  | { kind: 'refused'; message: string };

export function outcomeOf(order: Order): CheckoutOutcome {
  if (order.status === 'cancelled') {
    return {
      kind: 'refused',
      message: order.cancellation?.reason ?? 'The order could not be completed. You were not charged.',
    };
  }
  if (order.status === 'confirmed') return { kind: 'confirmed', orderId: order.orderId };
  return { kind: 'processing', orderId: order.orderId };
}

/** Refusals after which the cart on screen is stale: it must be read again and looked over. */
const CART_CHANGED = new Set([
  'prices-changed',
  'cart-has-unavailable-items',
  'insufficient-stock',
  'cart-empty',
  // The cart was already checked out or merged into the account's cart.
  'cart-closed',
  'conflict',
]);

/** A refused checkout request in words, and whether the cart needs another look first. */
export function checkoutErrorMessage(error: unknown): { message: string; reviewCart: boolean } {
  if (!(error instanceof ApiError))
    return { message: 'Something went wrong; please try again.', reviewCart: false };
  const reviewCart = CART_CHANGED.has(error.slug);
  if (Object.keys(checkoutFieldErrors(error)).length > 0)
    return { message: 'Please correct the highlighted fields.', reviewCart };
  switch (error.slug) {
    case 'prices-changed':
      return {
        message:
          'Some prices changed since you last saw your cart. Please review them and place the order again.',
        reviewCart,
      };
    case 'cart-has-unavailable-items':
    case 'insufficient-stock':
      return { message: error.problem.detail ?? 'Some items are no longer available.', reviewCart };
    case 'cart-empty':
      return { message: 'Your cart is empty.', reviewCart };
    case 'network':
      return {
        message:
          'We could not reach the shop. Your order may not have been placed; try again — you will not be charged twice.',
        reviewCart,
      };
    default:
      return { message: error.problem.detail ?? error.problem.title, reviewCart };
  }
}
