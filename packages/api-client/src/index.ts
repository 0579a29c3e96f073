// @emporium/api-client: the typed client of Emporium's public API, shared by apps/web and
// apps/mobile. Platform-neutral: only fetch, Request and Intl; storage comes from the app.
export type { ProductQuery } from './catalog.js';
export { listingParams } from './catalog.js';
export { createEmporiumClient, type EmporiumClient } from './client.js';
export {
  type AccountOverviewData,
  accountOverviewQuery,
  type HomeData,
  homeQuery,
  type ShelfProduct,
} from './graphql.js';
export type { ClientOptions } from './http.js';
export { formatMoney, minorUnitDigits } from './money.js';
export { ApiError, type FieldError, type ProblemBody } from './problem.js';
export { AuthSession, memoryStorage, type TokenStorage } from './session.js';
export type * from './types.js';
