// The checkout form: what the shopper types, checked here first so mistakes show beside the
// field at once; the order service validates again (its field errors land in the same places).
import type { CheckoutRequest, ShippingMethod } from '@emporium/api-client';

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
  shippingMethod: ShippingMethod;
  /** A card number (the sandbox provider's test cards) or a payment method id such as `pm_card_visa`. */
  card: string;
}

export type CheckoutField = Exclude<keyof CheckoutForm, 'shippingMethod'>;
export type CheckoutErrors = Partial<Record<CheckoutField, string>>;

export const emptyCheckoutForm: CheckoutForm = {
  email: '',
  name: '',
  line1: '',
  line2: '',
  city: '',
  postalCode: '',
  region: '',
  country: '',
  phone: '',
  shippingMethod: 'standard',
  card: '',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PAYMENT_METHOD_ID = /^pm_[A-Za-z0-9_]+$/;

/** The Luhn checksum every real card number (and every test card) passes: catches typos. */
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
  return sum % 10 === 0;
}

function paymentToken(card: string): string {
  const trimmed = card.trim();
  return PAYMENT_METHOD_ID.test(trimmed) ? trimmed : trimmed.replace(/[\s-]/g, '');
}

function cardError(card: string): string | undefined {
  const token = paymentToken(card);
  if (!token) return 'Enter a card number.';
  if (PAYMENT_METHOD_ID.test(token)) return undefined;
  if (!/^\d{12,19}$/.test(token)) return 'A card number has 12 to 19 digits.';
  if (!passesLuhn(token)) return 'This card number is not valid; check for a typo.';
  return undefined;
}

export function validateCheckout(form: CheckoutForm): CheckoutErrors {
  const errors: CheckoutErrors = {};
  const required: [CheckoutField, string][] = [
    ['name', 'Enter the name for delivery.'],
    ['line1', 'Enter the street and number.'],
    ['city', 'Enter the city.'],
    ['postalCode', 'Enter the postal code.'],
  ];
  for (const [field, message] of required) if (!form[field].trim()) errors[field] = message;
  if (!EMAIL.test(form.email.trim())) errors.email = 'Enter an e-mail address like name@example.com.';
  if (!/^[A-Za-z]{2}$/.test(form.country.trim()))
    errors.country = 'Use the two-letter country code, e.g. US or DE.';
  const card = cardError(form.card);
  if (card) errors.card = card;
  return errors;
}

/** The order service's body for a valid form. */
export function checkoutRequest(form: CheckoutForm, cartId: string): CheckoutRequest {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  return {
    cartId,
    email: form.email.trim(),
    shippingAddress: {
      name: form.name.trim(),
      line1: form.line1.trim(),
      line2: optional(form.line2),
      city: form.city.trim(),
      postalCode: form.postalCode.trim(),
      region: optional(form.region),
      country: form.country.trim().toUpperCase(),
      phone: optional(form.phone),
    },
    shippingMethod: form.shippingMethod,
    paymentToken: paymentToken(form.card),
  };
}

/** Maps the service's field names (`shippingAddress.city`) onto the form's. */
export function formErrorsFromService(fieldErrors: Record<string, string>): CheckoutErrors {
  const errors: CheckoutErrors = {};
  for (const [field, message] of Object.entries(fieldErrors)) {
    const name = field.replace(/^shippingAddress\./, '').replace(/^paymentToken$/, 'card');
    if (name in emptyCheckoutForm && name !== 'shippingMethod') errors[name as CheckoutField] ??= message;
  }
  return errors;
}
