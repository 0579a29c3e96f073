// What only the web's checkout shows: the country and test-card choice lists. The form's rules
// (checks, card expiry and security code included, and the request) are shared with the mobile
// app in @emporium/api-client's checkout-form.

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
