// Checkout's form rules, shared by the web and mobile apps so they cannot drift: the checks
// before sending (mistakes show beside the field at once; the order service validates again and
// its field errors land in the same places; a typed card's expiry and security code are checked
// here only and never sent), the CheckoutRequest a valid form becomes, and
// shipping as the order service charges it (services/order README: standard 4.95, free from 50;
// express 14.95; pickup free).
import { ApiError } from './problem.js';
import type { CheckoutRequest, Money, SavedAddress, ShippingMethod } from './types.js';

/** The payment service's provider, when the app knows it (the web app is built for one). */
export type PaymentProvider = 'sandbox' | 'stripe';

/** A typed card's expiry and security code: checked on the device, never sent or stored. */
export interface CardDetails {
  /** MM/YY */
  expiry: string;
  cvc: string;
}

export interface CheckoutForm extends CardDetails {
  email: string;
  name: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  region: string;
  /** ISO 3166-1 alpha-2; typed in either case, sent in capitals. */
  country: string;
  phone: string;
  shippingMethod: ShippingMethod;
  /** Sandbox: the card number. Stripe (test mode): a PaymentMethod id such as `pm_card_visa`. */
  card: string;
  /** Optional; matched in any case by the shop. */
  couponCode: string;
}

export type CheckoutField = Exclude<keyof CheckoutForm, 'shippingMethod'>;
/** Only the fields with a problem have a key, so an empty object means the form may be sent. */
export type CheckoutErrors = Partial<Record<CheckoutField, string>>;

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
    couponCode: '',
    expiry: '',
    cvc: '',
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PAYMENT_METHOD_ID = /^pm_[A-Za-z0-9_]+$/;

/** The Luhn checksum every real card number (and every sandbox test card) passes: catches typos. */
export function passesLuhn(digits: string): boolean {
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

/** What the payment service gets: a PaymentMethod id as typed, a card number without spaces or dashes. */
export function paymentToken(card: string): string {
  const trimmed = card.trim();
  return PAYMENT_METHOD_ID.test(trimmed) ? trimmed : trimmed.replace(/[\s-]/g, '');
}

// An app that does not know the provider (mobile) takes either a PaymentMethod id or a card number.
function cardError(card: string, provider: PaymentProvider | undefined): string | undefined {
  const token = paymentToken(card);
  if (provider === 'stripe')
    return PAYMENT_METHOD_ID.test(token) ? undefined : 'Choose a test payment method.';
  if (!token) return 'Enter the card number.';
  if (provider === undefined && PAYMENT_METHOD_ID.test(token)) return undefined;
  if (!/^\d{12,19}$/.test(token)) return 'A card number has 12 to 19 digits.';
  if (!passesLuhn(token)) return 'This card number is not valid; check the digits.';
  return undefined;
}

/** A pickup is collected at the region's pickup option: no street address is needed or kept. */
export const isPickup = (form: Pick<CheckoutForm, 'shippingMethod'>) => form.shippingMethod === 'pickup';

/** The street fields a delivery needs and a pickup hides. */
export const STREET_FIELDS: readonly CheckoutField[] = ['line1', 'line2', 'city', 'postalCode', 'region'];

const STREET_REQUIRED: [CheckoutField, string][] = [
  ['line1', 'Enter the street and number.'],
  ['city', 'Enter the city.'],
  ['postalCode', 'Enter the postal code.'],
];

// The shopper types a card number (so its expiry and security code are asked for too) on the
// sandbox, and on an app that does not know the provider unless a PaymentMethod id was given.
function typesCardNumber(card: string, provider: PaymentProvider | undefined): boolean {
  if (provider !== undefined) return provider === 'sandbox';
  return !PAYMENT_METHOD_ID.test(paymentToken(card));
}

/** Checks before sending. `provider` is left out by an app that does not know it. */
export function validateCheckout(
  form: CheckoutForm,
  provider?: PaymentProvider,
  now = new Date(),
): CheckoutErrors {
  const errors: CheckoutErrors = {};
  const email = form.email.trim();
  if (!email) errors.email = 'Enter your e-mail address.';
  else if (!EMAIL.test(email)) errors.email = 'Enter an e-mail address like name@example.com.';
  if (!form.name.trim())
    errors.name = isPickup(form)
      ? 'Enter the name of who collects the order.'
      : 'Enter the recipient’s name.';
  if (!isPickup(form))
    for (const [field, message] of STREET_REQUIRED) if (!form[field].trim()) errors[field] = message;
  if (!/^[A-Za-z]{2}$/.test(form.country.trim()))
    errors.country = 'Use the two-letter country code, e.g. US or DE.';
  const card = cardError(form.card, provider);
  if (card) errors.card = card;
  if (typesCardNumber(form.card, provider)) Object.assign(errors, validateCardDetails(form, now));
  return errors;
}

/** Expiry (MM/YY, this month or later) and security code (3 or 4 digits) of a typed card. */
export function validateCardDetails(details: CardDetails, now = new Date()): Partial<CardDetails> {
  const errors: Partial<CardDetails> = {};
  const expiry = expiryError(details.expiry, now);
  if (expiry) errors.expiry = expiry;
  if (!/^\d{3,4}$/.test(details.cvc.trim())) errors.cvc = 'Enter the 3 or 4 digit security code.';
  return errors;
}

function expiryError(expiry: string, now: Date): string | undefined {
  const match = /^(\d{2})\s*\/\s*(\d{2})$/.exec(expiry.trim());
  if (!match) return 'Enter the expiry date as MM/YY.';
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  if (month < 1 || month > 12) return 'Enter a month from 01 to 12.';
  // A card is valid through the last day of its expiry month.
  const endOfMonth = new Date(year, month, 1);
  return endOfMonth <= now ? 'This card has expired.' : undefined;
}

/**
 * The order service's body for a valid form: the card goes as its payment token only. A pickup
 * sends only the collector's name, country and phone: street fields typed before switching to
 * pickup are not sent, since the order would not keep them.
 */
export function toCheckoutRequest(form: CheckoutForm, cartId: string): CheckoutRequest {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const street = isPickup(form)
    ? {}
    : {
        line1: form.line1.trim(),
        line2: optional(form.line2),
        city: form.city.trim(),
        postalCode: form.postalCode.trim(),
        region: optional(form.region),
      };
  return {
    cartId,
    email: form.email.trim(),
    shippingMethod: form.shippingMethod,
    shippingAddress: {
      name: form.name.trim(),
      ...street,
      country: form.country.trim().toUpperCase(),
      phone: optional(form.phone),
    },
    paymentToken: paymentToken(form.card),
    ...(form.couponCode.trim() ? { couponCode: form.couponCode.trim() } : {}),
  };
}

/** The server's field names (body.shippingAddress.city → shippingAddress.city) in the form's terms. */
export const CHECKOUT_FIELD_NAMES: Readonly<Record<string, CheckoutField>> = {
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
  couponCode: 'couponCode',
};

/** Why the shop did not take a coupon (its problem type names the reason), in the shopper's words. */
export function couponMessage(error: ApiError): string | undefined {
  switch (error.slug) {
    case 'coupon-unknown-code':
      return 'We do not know this code; check its spelling.';
    case 'coupon-expired':
      return 'This code has expired.';
    case 'coupon-not-started':
      return 'This code cannot be used yet.';
    case 'coupon-not-applicable':
      return error.problem.detail ?? 'This code does not apply to your cart.';
    case 'coupon-limit-reached':
      return 'This code has been used as often as it may be. Remove it to check out without it.';
    default:
      return undefined;
  }
}

/** A refusal's field errors on the form's fields; errors on fields the form lacks are left out. */
export function checkoutFieldErrors(error: unknown): CheckoutErrors {
  const errors: CheckoutErrors = {};
  if (!(error instanceof ApiError)) return errors;
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    const name = CHECKOUT_FIELD_NAMES[field];
    if (name) errors[name] ??= message;
  }
  const coupon = couponMessage(error);
  if (coupon) errors.couponCode = coupon;
  return errors;
}

export function shippingCost(method: ShippingMethod, subtotal: Money): Money {
  if (method === 'pickup') return { amount: 0, currency: subtotal.currency };
  const amount = method === 'express' ? 1495 : subtotal.amount >= 5000 ? 0 : 495;
  return { amount, currency: subtotal.currency };
}
