// @emporium/api-client: the typed client of Emporium's public API, shared by apps/web and
// apps/mobile. Platform-neutral: only fetch, Request and Intl; storage comes from the app.

export { facetEntries } from '@emporium/contracts/product-facets';
export { mediaUrl, type RenditionName, renditionOf } from '@emporium/contracts/product-media';
export type { ProductQuery } from './catalog.js';
export { listingParams } from './catalog.js';
export {
  BUSY_PATIENCE_MS,
  CheckoutAttempts,
  RequestAttempts,
  sendUntilAdmitted,
} from './checkout-attempts.js';
export {
  type CardDetails,
  CHECKOUT_FIELD_NAMES,
  type CheckoutErrors,
  type CheckoutField,
  type CheckoutForm,
  checkoutFieldErrors,
  couponMessage,
  emptyCheckoutForm,
  isPickup,
  type PaymentProvider,
  paymentToken,
  STREET_FIELDS,
  shippingCost,
  toCheckoutRequest,
  validateCardDetails,
  validateCheckout,
} from './checkout-form.js';
export {
  type CheckoutOutcome,
  type CheckoutRefusal,
  checkoutErrorMessage,
  outcomeOf,
} from './checkout-outcome.js';
export { createEmporiumClient, type EmporiumClient } from './client.js';
export {
  type AccountOverviewData,
  accountOverviewQuery,
  type HomeData,
  homeQuery,
  type ShelfProduct,
} from './graphql.js';
export type { ClientOptions } from './http.js';
export { formatMoney, formatPrice, minorUnitDigits, parseDecimal } from './money.js';
export { ApiError, type FieldError, type ProblemBody } from './problem.js';
export { AuthSession, memoryStorage, type TokenStorage } from './session.js';
export type * from './types.js';
