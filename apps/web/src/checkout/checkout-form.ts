// Checkout's rules on the client, pure so they are tested alone: the form's checks before
// sending, the request it becomes, what the answer means for the shopper, and shipping costs as
// the order service charges them (services/order README: standard 4.95, free from 50; express 14.95).
import {
  ApiError,
  type CheckoutRequest,
  type Money,
  type Order,
  type SavedAddress,
} from '@emporium/api-client';
import { compact, EMAIL, type FieldErrors, required } from '../components/form';

export type PaymentProvider = 'sandbox' | 'stripe';

export interface CheckoutForm {
  email: string;
  name: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  region: string;
  country: string;
  phone: string;
  shippingMethod: 'standard' | 'express';
  /** Sandbox: the card number. Stripe (test mode): a test PaymentMethod id such as pm_card_visa. */
  card: string;
  expiry: string;
  cvc: string;
}

export const COUNTRIES: { code: string; name: string }[] = [
  { code: 'US', name: 'United States' },
  { code: 'CA', name: 'Canada' },
  { code: 'GB', name: 'United Kingdom' },
  { code: 'IE', name: 'Ireland' },
  { code: 'DE', name: 'Germany' },
  { code: 'FR', name: 'France' },
  { code: 'NL', name: 'Netherlands' },
  { code: 'BE', name: 'Belgium' },
  { code: 'AT', name: 'Austria' },
  { code: 'IT', name: 'Italy' },
  { code: 'ES', name: 'Spain' },
  { code: 'SE', name: 'Sweden' },
];

/** The sandbox provider's test cards (services/payment README). */
export const SANDBOX_TEST_CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'succeeds' },
  { number: '4000 0000 0000 0002', outcome: 'is declined' },
  { number: '4000 0000 0000 9995', outcome: 'has insufficient funds' },
];

/** Stripe test-mode PaymentMethods (used as paymentToken when the payment service runs on Stripe). */
export const STRIPE_TEST_METHODS = [
  { id: 'pm_card_visa', label: 'Visa (succeeds)' },
  { id: 'pm_card_mastercard', label: 'Mastercard (succeeds)' },
  { id: 'pm_card_chargeDeclined', label: 'Card declined' },
  { id: 'pm_card_chargeDeclinedInsufficientFunds', label: 'Insufficient funds' },
];

export function emptyCheckoutForm(email = '', address?: SavedAddress): CheckoutForm {
  return {
    email,
    name: address?.name ?? '',
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    city: address?.city ?? '',
    postalCode: address?.postalCode ?? '',
    region: address?.region ?? '',
    country: address?.country ?? 'US',
    phone: address?.phone ?? '',
    shippingMethod: 'standard',
    card: '',
    expiry: '',
    cvc: '',
  };
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const cardDigits = (card: string) => card.replace(/[\s-]/g, '');

function expiryError(expiry: string, now: Date): string | undefined {
  const match = /^(\d{2})\s*\/\s*(\d{2})$/.exec(expiry.trim());
  if (!match) return 'Enter the expiry date as MM/YY.';
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  if (month < 1 || month > 12) return 'Enter a month from 01 to 12.';
  const endOfMonth = new Date(year, month, 1);
  return endOfMonth <= now ? 'This card has expired.' : undefined;
}

/** Checks before sending; keys are the form's field names. Empty when the form may be sent. */
export function validateCheckout(
  form: CheckoutForm,
  provider: PaymentProvider,
  now = new Date(),
): FieldErrors {
  const card = cardDigits(form.card);
  return compact({
    email:
      required(form.email, 'your e-mail address') ??
      (EMAIL.test(form.email.trim()) ? undefined : 'Enter a valid e-mail address.'),
    name: required(form.name, 'the recipient’s name'),
    line1: required(form.line1, 'the street and number'),
    city: required(form.city, 'the city'),
    postalCode: required(form.postalCode, 'the postal code'),
    country: /^[A-Z]{2}$/.test(form.country) ? undefined : 'Choose a country.',
    card:
      provider === 'stripe'
        ? form.card
          ? undefined
          : 'Choose a test payment method.'
        : !card
          ? 'Enter the card number.'
          : !/^\d{12,19}$/.test(card) || !luhnValid(card)
            ? 'This card number is not valid; check the digits.'
            : undefined,
    expiry: provider === 'stripe' ? undefined : expiryError(form.expiry, now),
    cvc:
      provider === 'stripe' || /^\d{3,4}$/.test(form.cvc.trim())
        ? undefined
        : 'Enter the 3 or 4 digit security code.',
  });
}

export function toCheckoutRequest(
  form: CheckoutForm,
  cartId: string,
  provider: PaymentProvider,
): CheckoutRequest {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  return {
    cartId,
    email: form.email.trim(),
    shippingMethod: form.shippingMethod,
    shippingAddress: {
      name: form.name.trim(),
      line1: form.line1.trim(),
      line2: optional(form.line2),
      city: form.city.trim(),
      postalCode: form.postalCode.trim(),
      region: optional(form.region),
      country: form.country,
      phone: optional(form.phone),
    },
    paymentToken: provider === 'stripe' ? form.card : cardDigits(form.card),
  };
}

/** The server's field names (body.shippingAddress.city → shippingAddress.city) in the form's terms. */
export const CHECKOUT_FIELD_NAMES: Record<string, string> = {
  email: 'email',
  'shippingAddress.name': 'name',
  'shippingAddress.line1': 'line1',
  'shippingAddress.line2': 'line2',
  'shippingAddress.city': 'city',
  'shippingAddress.postalCode': 'postalCode',
  'shippingAddress.region': 'region',
  'shippingAddress.country': 'country',
  'shippingAddress.phone': 'phone',
  paymentToken: 'card',
};

export function shippingCost(method: CheckoutForm['shippingMethod'], subtotal: Money): Money {
  const amount = method === 'express' ? 1495 : subtotal.amount >= 5000 ? 0 : 495;
  return { amount, currency: subtotal.currency };
}

/** What a placed order means for the next screen. */
export type CheckoutOutcome =
  | { kind: 'confirmed'; orderId: string }
  | { kind: 'processing'; orderId: string }
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

/** A refused checkout request in words, and whether the cart needs another look first. */
export function checkoutErrorMessage(error: unknown): { message: string; reviewCart: boolean } {
  if (!(error instanceof ApiError))
    return { message: 'Something went wrong; please try again.', reviewCart: false };
  switch (error.slug) {
    case 'prices-changed':
      return {
        message:
          'Some prices changed since you last saw your cart. Please review them and place the order again.',
        reviewCart: true,
      };
    case 'cart-has-unavailable-items':
    case 'insufficient-stock':
      return { message: error.problem.detail ?? 'Some items are no longer available.', reviewCart: true };
    case 'cart-empty':
      return { message: 'Your cart is empty.', reviewCart: true };
    case 'validation':
      return { message: 'Please correct the highlighted fields.', reviewCart: false };
    case 'network':
      return {
        message:
          'We could not reach the shop. Your order may not have been placed; try again — you will not be charged twice.',
        reviewCart: false,
      };
    default:
      return { message: error.problem.detail ?? error.problem.title, reviewCart: false };
  }
}

/** A new Idempotency-Key; the same one is sent again only when retrying after no answer. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether an error left it unknown if the order was placed (then the retry reuses the key). */
export function answerWasLost(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
}
