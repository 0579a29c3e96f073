// The answers of POST /orders that are not an order: a cart already being checked out, a cart
// that changed under the checkout, and a checkout the saga refused (declined, sold out, timed out).
// A refused checkout is an attempt, not an order: the shopper gets the reason and keeps the cart.
import type { Order } from '@emporium/contracts/order';
import { HttpProblem } from '@emporium/platform';
import type { SagaFailure } from '../repositories/sagas.js';

/** Where the gateway serves an order: the Location of a checkout that points at one. */
export const orderLocation = (orderId: string) => `/api/v1/orders/${orderId}`;

export const CART_ALREADY_CHECKED_OUT = 'cart-already-checked-out';

/** Another request (another key) is checking out, or checked out, this cart: that order is the answer. */
export function cartAlreadyCheckedOut(orderId: string): HttpProblem {
  return new HttpProblem(
    409,
    CART_ALREADY_CHECKED_OUT,
    'Cart already checked out',
    'This cart is already being checked out, or was; follow that order instead of placing another.',
    { orderId },
  );
}

export function cartChanged(): HttpProblem {
  return new HttpProblem(
    409,
    'cart-changed',
    'Cart changed',
    'Your cart changed while you were checking out. Please review it and place the order again; you were not charged.',
  );
}

/** Why the saga refused the checkout `attempt`, as the problem POST /orders answers with. */
export function checkoutRefusal(attempt: Order, failure: SagaFailure | undefined): HttpProblem {
  const code = attempt.cancellation?.code ?? failure?.code ?? 'checkout_failed';
  const reason =
    attempt.cancellation?.reason ?? 'The checkout could not be completed. Your card was not charged.';
  const facts = { attemptId: attempt.orderId, code, reason };
  if (code === 'out_of_stock') {
    return new HttpProblem(409, 'out-of-stock', 'Sold out', reason, {
      ...facts,
      unavailable: failure?.unavailable ?? [],
    });
  }
  if (failure?.step === 'redeemPromotions' && code !== 'timeout') {
    // A usage limit was reached between the quote and the checkout: nothing was charged, and a
    // new checkout shows the price without the promotion before asking for it.
    return new HttpProblem(409, code, 'Promotion no longer available', reason, {
      ...facts,
      field: 'couponCode',
    });
  }
  // Every refusal of the authorization step except its timeout is the card's (declined, no funds).
  if (failure?.step === 'authorizePayment' && code !== 'timeout') {
    return new HttpProblem(402, 'payment-declined', 'Payment declined', reason, facts);
  }
  return new HttpProblem(409, 'checkout-failed', 'Checkout failed', reason, facts);
}
