// Checkout's shared rules, as both apps apply them: the form's checks before sending, the request
// it becomes, shipping as the order service charges it, what an answer means for the shopper,
// and when a retry reuses its Idempotency-Key.
import { describe, expect, test } from 'vitest';
import { CheckoutAttempts, sendUntilAdmitted } from '../src/checkout-attempts.js';
import {
  checkoutFieldErrors,
  emptyCheckoutForm,
  passesLuhn,
  shippingCost,
  toCheckoutRequest,
  validateCardDetails,
  validateCheckout,
} from '../src/checkout-form.js';
import { checkoutErrorMessage, outcomeOf } from '../src/checkout-outcome.js';
import { ApiError, type ProblemBody } from '../src/problem.js';
import type { Order } from '../src/types.js';

// Card expiry is judged against a fixed day, so the tests read the same in any year.
const now = new Date(2031, 5, 15);

const valid = {
  ...emptyCheckoutForm('ada@example.com'),
  name: 'Ada',
  line1: '1 Road',
  city: 'Town',
  postalCode: '1',
  card: '4242424242424242',
  expiry: '12/33',
  cvc: '123',
};

const refusal = (slug: string, status: number, extra: Partial<ProblemBody> = {}) =>
  new ApiError({ type: `https://emporium.dev/problems/${slug}`, title: slug, status, ...extra });

describe('the checkout form’s checks', () => {
  test('accepts a complete form', () => {
    expect(validateCheckout(valid, 'sandbox', now)).toEqual({});
    expect(validateCheckout(valid, undefined, now)).toEqual({});
  });

  test('refuses an expired card and a malformed e-mail', () => {
    expect(validateCheckout({ ...valid, email: 'ada@' }, 'sandbox', now)).toEqual({
      email: 'Enter an e-mail address like name@example.com.',
    });
    expect(validateCheckout({ ...valid, expiry: '05/31' }, 'sandbox', now)).toEqual({
      expiry: 'This card has expired.',
    });
    // A card is good through the last day of its expiry month.
    expect(validateCheckout({ ...valid, expiry: '06/31' }, 'sandbox', now)).toEqual({});
    expect(validateCardDetails({ expiry: '06/31', cvc: '123' }, new Date(2031, 6, 1))).toEqual({
      expiry: 'This card has expired.',
    });
  });

  test('asks for expiry as MM/YY and a 3 or 4 digit security code', () => {
    expect(validateCardDetails({ expiry: '13/39', cvc: '12' }, now)).toEqual({
      expiry: 'Enter a month from 01 to 12.',
      cvc: 'Enter the 3 or 4 digit security code.',
    });
    expect(validateCardDetails({ expiry: '1239', cvc: '1234' }, now)).toEqual({
      expiry: 'Enter the expiry date as MM/YY.',
    });
    expect(validateCardDetails({ expiry: ' 12 / 33 ', cvc: '12a' }, now)).toEqual({
      cvc: 'Enter the 3 or 4 digit security code.',
    });
  });

  test('an app that does not know the provider asks for expiry and code with a card number', () => {
    expect(validateCheckout({ ...valid, expiry: '1/33', cvc: '' }, undefined, now)).toEqual({
      expiry: 'Enter the expiry date as MM/YY.',
      cvc: 'Enter the 3 or 4 digit security code.',
    });
    expect(validateCheckout({ ...valid, card: '', expiry: '' }, undefined, now)).toEqual({
      card: 'Enter the card number.',
      expiry: 'Enter the expiry date as MM/YY.',
    });
    expect(validateCheckout({ ...valid, card: 'pm_card_visa', expiry: '', cvc: '' }, undefined, now)).toEqual(
      {},
    );
  });

  test('asks for a test payment method instead of card details on Stripe', () => {
    const noDetails = { ...valid, expiry: '', cvc: '' };
    expect(validateCheckout({ ...noDetails, card: '' }, 'stripe', now)).toEqual({
      card: 'Choose a test payment method.',
    });
    expect(validateCheckout({ ...noDetails, card: '4242424242424242' }, 'stripe', now)).toEqual({
      card: 'Choose a test payment method.',
    });
    expect(validateCheckout({ ...noDetails, card: 'pm_card_visa' }, 'stripe', now)).toEqual({});
  });

  test('marks every missing or malformed field', () => {
    const blank = { ...emptyCheckoutForm(), country: 'Britain' };
    expect(validateCheckout(blank, 'sandbox', now)).toEqual({
      email: 'Enter your e-mail address.',
      name: 'Enter the recipient’s name.',
      line1: 'Enter the street and number.',
      city: 'Enter the city.',
      postalCode: 'Enter the postal code.',
      country: 'Use the two-letter country code, e.g. US or DE.',
      card: 'Enter the card number.',
      expiry: 'Enter the expiry date as MM/YY.',
      cvc: 'Enter the 3 or 4 digit security code.',
    });
  });

  test('catches a mistyped or short card number', () => {
    expect(validateCheckout({ ...valid, card: '4242 4242 4242 4241' }, 'sandbox', now).card).toBe(
      'This card number is not valid; check the digits.',
    );
    expect(validateCheckout({ ...valid, card: '4242 4242' }, 'sandbox', now).card).toBe(
      'A card number has 12 to 19 digits.',
    );
  });

  test('the sandbox refuses a payment method id; an app that does not know the provider takes either', () => {
    expect(validateCheckout({ ...valid, card: 'pm_card_visa' }, 'sandbox', now).card).toBe(
      'A card number has 12 to 19 digits.',
    );
    expect(validateCheckout({ ...valid, card: 'pm_card_visa' }, undefined, now)).toEqual({});
    expect(validateCheckout({ ...valid, card: '4242 4242 4242 4242' }, undefined, now)).toEqual({});
    expect(validateCheckout({ ...valid, card: '4242 4242 4242 4241' }, undefined, now).card).toBe(
      'This card number is not valid; check the digits.',
    );
  });

  test('the sandbox test cards all pass the checksum', () => {
    for (const card of ['4242424242424242', '4000000000000002', '4000000000009995', '4000000000000119']) {
      expect(passesLuhn(card)).toBe(true);
    }
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });
});

describe('the request a form becomes', () => {
  test('trims, leaves out empty optional fields, capitalises the country and strips the card', () => {
    const form = {
      ...valid,
      email: ' ada@example.com ',
      name: ' Ada ',
      line2: '  ',
      country: ' gb ',
      phone: '+44 20 7946 0000',
      card: '4242 4242-4242 4242',
    };
    expect(toCheckoutRequest(form, 'cart-1')).toEqual({
      cartId: 'cart-1',
      email: 'ada@example.com',
      shippingMethod: 'standard',
      shippingAddress: {
        name: 'Ada',
        line1: '1 Road',
        line2: undefined,
        city: 'Town',
        postalCode: '1',
        region: undefined,
        country: 'GB',
        phone: '+44 20 7946 0000',
      },
      paymentToken: '4242424242424242',
    });
    expect(toCheckoutRequest({ ...valid, card: ' pm_card_visa ' }, 'cart-1').paymentToken).toBe(
      'pm_card_visa',
    );
  });

  test('a pickup needs only the collector’s name and country, and sends no street', () => {
    const pickup = { ...valid, shippingMethod: 'pickup' as const, line1: '', city: '', postalCode: '' };
    expect(validateCheckout(pickup, 'sandbox', now)).toEqual({});
    expect(validateCheckout({ ...pickup, name: ' ' }, 'sandbox', now)).toEqual({
      name: 'Enter the name of who collects the order.',
    });
    expect(validateCheckout({ ...pickup, shippingMethod: 'standard' }, 'sandbox', now)).toEqual({
      line1: 'Enter the street and number.',
      city: 'Enter the city.',
      postalCode: 'Enter the postal code.',
    });
    // Street fields typed before choosing pickup stay behind.
    expect(toCheckoutRequest({ ...valid, shippingMethod: 'pickup', country: 'gb' }, 'cart-1')).toEqual({
      cartId: 'cart-1',
      email: valid.email,
      shippingMethod: 'pickup',
      shippingAddress: { name: valid.name, country: 'GB', phone: undefined },
      paymentToken: '4242424242424242',
    });
  });

  test('the card’s expiry and security code stay on the device', () => {
    const sent = JSON.stringify(toCheckoutRequest({ ...valid, expiry: '07/34', cvc: '9876' }, 'cart-1'));
    expect(sent).not.toContain('07/34');
    expect(sent).not.toContain('9876');
  });
});

describe('coupons', () => {
  test('a coupon typed goes trimmed with the request; none typed, none sent', () => {
    expect(toCheckoutRequest({ ...valid, couponCode: ' Save10 ' }, 'cart-1').couponCode).toBe('Save10');
    expect(toCheckoutRequest({ ...valid, couponCode: '  ' }, 'cart-1')).not.toHaveProperty('couponCode');
  });

  test.each([
    ['coupon-unknown-code', 'We do not know this code; check its spelling.'],
    ['coupon-expired', 'This code has expired.'],
    ['coupon-not-started', 'This code cannot be used yet.'],
    [
      'coupon-limit-reached',
      'This code has been used as often as it may be. Remove it to check out without it.',
    ],
  ])('%s is told beside the coupon field', (slug, message) => {
    const error = refusal(slug, 422, { field: 'body.couponCode' } as Partial<ProblemBody>);
    expect(checkoutFieldErrors(error)).toEqual({ couponCode: message });
    expect(checkoutErrorMessage(error).message).toBe('Please correct the highlighted fields.');
  });

  test('a coupon that does not apply says why, in the shop’s words', () => {
    const detail = 'The coupon MUGS does not apply to the items, the amount or the currency of this cart.';
    expect(checkoutFieldErrors(refusal('coupon-not-applicable', 422, { detail }))).toEqual({
      couponCode: detail,
    });
  });
});

describe('shipping', () => {
  const usd = (amount: number) => ({ amount, currency: 'USD' });

  test('standard costs 4.95 and is free from 50; express is always 14.95', () => {
    expect(shippingCost('standard', usd(4999))).toEqual(usd(495));
    expect(shippingCost('standard', usd(5000))).toEqual(usd(0));
    expect(shippingCost('express', usd(10000))).toEqual(usd(1495));
  });
});

describe('what an answer means for the shopper', () => {
  const order = (status: Order['status'], cancellation?: Order['cancellation']) =>
    ({ orderId: 'order-1', status, cancellation }) as Order;

  test('a confirmed, a still-processing and a failed checkout', () => {
    expect(outcomeOf(order('confirmed'))).toEqual({ kind: 'confirmed', orderId: 'order-1' });
    expect(outcomeOf(order('payment_authorized'))).toEqual({ kind: 'processing', orderId: 'order-1' });
    expect(outcomeOf(order('checkout_failed', { code: 'card_declined', reason: 'Declined.' }))).toEqual({
      kind: 'refused',
      message: 'Declined.',
    });
  });

  test('a refused checkout says why in the shopper’s words and keeps the cart unless it must change', () => {
    const declined = refusal('payment-declined', 402, {
      code: 'card_declined',
      reason: 'Your payment was declined.',
    });
    expect(checkoutErrorMessage(declined)).toEqual({
      message: 'Your payment was declined.',
      reviewCart: false,
    });
    const soldOut = refusal('out-of-stock', 409, {
      reason: 'Sorry, Mug sold out.',
      unavailable: [{ sku: 'MUG', requested: 1, available: 0 }],
    });
    expect(checkoutErrorMessage(soldOut)).toEqual({ message: 'Sorry, Mug sold out.', reviewCart: true });
  });

  test('a cart already checked out by another request leads to that order', () => {
    expect(
      checkoutErrorMessage(refusal('cart-already-checked-out', 409, { orderId: 'order-9' })),
    ).toMatchObject({
      existingOrderId: 'order-9',
      reviewCart: false,
    });
  });

  test('field errors land on the form’s fields; others are left out', () => {
    const error = refusal('validation', 400, {
      errors: [
        { field: 'body.shippingAddress.postalCode', message: 'must NOT have more than 20 characters' },
        { field: 'body.paymentToken', message: 'must NOT have more than 200 characters' },
        { field: 'body.cartId', message: 'must match format "uuid"' },
      ],
    });
    expect(checkoutFieldErrors(error)).toEqual({
      postalCode: 'must NOT have more than 20 characters',
      card: 'must NOT have more than 200 characters',
    });
    expect(checkoutErrorMessage(error)).toEqual({
      message: 'Please correct the highlighted fields.',
      reviewCart: false,
    });
    expect(checkoutFieldErrors(new Error('x'))).toEqual({});
  });

  test('refusals that change the cart send the shopper back to it', () => {
    for (const slug of ['prices-changed', 'cart-has-unavailable-items', 'cart-empty', 'cart-closed']) {
      expect(checkoutErrorMessage(refusal(slug, 409)).reviewCart).toBe(true);
    }
    expect(checkoutErrorMessage(refusal('cart-empty', 422)).message).toBe('Your cart is empty.');
  });

  test('a lost answer says the order may exist and a retry cannot charge twice', () => {
    expect(checkoutErrorMessage(refusal('network', 0))).toEqual({
      message:
        'We could not reach the shop. Your order may not have been placed; try again — you will not be charged twice.',
      reviewCart: false,
    });
    expect(checkoutErrorMessage(new TypeError('boom')).message).toBe(
      'Something went wrong; please try again.',
    );
  });
});

describe('Idempotency-Keys', () => {
  const request = toCheckoutRequest(valid, 'cart-1');

  test('a retry of the same request after a lost answer reuses the key', () => {
    const attempts = new CheckoutAttempts();
    const first = attempts.keyFor(request);
    attempts.failed(refusal('network', 0));
    expect(attempts.keyFor(request)).toBe(first);
    attempts.failed(refusal('http-502', 502));
    expect(attempts.keyFor(request)).toBe(first);
  });

  test('an answered attempt or a changed request gets a new key', () => {
    const attempts = new CheckoutAttempts();
    const first = attempts.keyFor(request);
    attempts.answered();
    const second = attempts.keyFor(request);
    expect(second).not.toBe(first);
    attempts.failed(refusal('validation', 400));
    const third = attempts.keyFor(request);
    expect(third).not.toBe(second);
    attempts.failed(refusal('network', 0));
    expect(attempts.keyFor({ ...request, email: 'grace@example.com' })).not.toBe(third);
  });
});

describe('a checkout the shop is too busy to take', () => {
  /** A clock that moves only when the helper sleeps, and the sends it saw. */
  function harness(answers: (() => unknown)[]) {
    let clock = 0;
    const waits: number[] = [];
    let sends = 0;
    const send = async () => {
      const answer = answers[Math.min(sends++, answers.length - 1)]!();
      if (answer instanceof Error) throw answer;
      return answer;
    };
    const options = {
      sleep: async (ms: number) => {
        clock += ms;
      },
      now: () => clock,
      onBusy: (seconds: number) => waits.push(seconds),
    };
    return { send, options, waits, sends: () => sends };
  }
  const busy = (retryAfter: number) => () => refusal('checkout-busy', 503, { retryAfter });

  test('is sent again after each Retry-After until it is taken', async () => {
    const placed = { orderId: 'o-1' };
    const run = harness([busy(2), busy(3), () => placed]);
    await expect(sendUntilAdmitted(run.send, run.options)).resolves.toBe(placed);
    expect(run.waits).toEqual([2, 3]);
    expect(run.sends()).toBe(3);
  });

  test('gives up with the busy answer once waiting again would pass the patience', async () => {
    const run = harness([busy(10)]);
    const error = await sendUntilAdmitted(run.send, { ...run.options, patienceMs: 25_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).slug).toBe('checkout-busy');
    expect(run.waits).toEqual([10, 10]);
    expect(run.sends()).toBe(3);
  });

  test('passes any other answer straight through, without sending again', async () => {
    for (const other of [
      refusal('overloaded', 503, { retryAfter: 1 }),
      refusal('payment-declined', 402),
      new TypeError('fetch failed'),
    ]) {
      const run = harness([() => other]);
      await expect(sendUntilAdmitted(run.send, run.options)).rejects.toBe(other);
      expect(run.sends()).toBe(1);
    }
  });
});
