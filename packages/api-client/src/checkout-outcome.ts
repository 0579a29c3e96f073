// What a checkout attempt came to, in the shopper's terms. A refused checkout is not an order: a
// declined card (402 payment-declined), a sold-out line (409 out-of-stock) and the like are
// problem+json answers with the reason in words, and the cart stays as it was. A checkout still
// running when the answer came (201 pending) is followed on the order screen, where it may still
// end checkout_failed with the reason. A cart another request already checked out answers with
// that order (409 cart-already-checked-out, orderId).
import { checkoutFieldErrors } from './checkout-form.js';
import { ApiError } from './problem.js';
import type { Order } from './types.js';

/** What a placed order means for the next screen. */
export type CheckoutOutcome =
  | { kind: 'confirmed'; orderId: string }
  /** Still in checkout (stock, payment): the order screen follows it until it settles. */
  | { kind: 'processing'; orderId: string }
  /** Refused during checkout: payment declined, sold out, a timeout. */
  | { kind: 'refused'; message: string };

export function outcomeOf(order: Order): CheckoutOutcome {
  if (order.status === 'checkout_failed' || order.status === 'cancelled') {
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
  // A line changed while the checkout read the cart; or a line sold out during the checkout.
  'cart-changed',
  'out-of-stock',
  'conflict',
]);

/** What a refused checkout request means: its words, whether to look at the cart, an order to follow. */
export interface CheckoutRefusal {
  message: string;
  reviewCart: boolean;
  /** The cart was already checked out by another request: the shopper follows that order. */
  existingOrderId?: string;
}

/** A refused checkout request in words, and whether the cart needs another look first. */
export function checkoutErrorMessage(error: unknown): CheckoutRefusal {
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
    case 'payment-declined':
    case 'out-of-stock':
    case 'checkout-failed':
      // The reason in the shopper's words; nothing was charged and the cart is as it was.
      return {
        message: error.extension<string>('reason') ?? error.problem.detail ?? error.problem.title,
        reviewCart,
      };
    case 'cart-already-checked-out': {
      const orderId = error.extension<string>('orderId');
      return {
        message: 'This cart was already checked out; here is that order.',
        reviewCart,
        ...(orderId ? { existingOrderId: orderId } : {}),
      };
    }
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
