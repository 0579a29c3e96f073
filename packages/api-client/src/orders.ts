// Checkout and the shopper's orders.
import { type Transport, unwrap } from './http.js';
import type { CheckoutRequest, ExchangeRequest, ReturnRequest } from './types.js';

export function orderEndpoints({ rest }: Transport) {
  return {
    /**
     * Places the order. Send the same idempotency key when retrying the same checkout (a double
     * click, a lost answer): the service then answers with the order it already created.
     */
    checkout: (body: CheckoutRequest, idempotencyKey: string) =>
      unwrap(
        rest.POST('/api/v1/orders', { body, params: { header: { 'idempotency-key': idempotencyKey } } }),
      ),
    list: (page: { limit?: number; before?: string } = {}) =>
      unwrap(
        rest.GET('/api/v1/orders', { params: { query: { limit: page.limit ?? 20, before: page.before } } }),
      ),
    /** Asks to return delivered lines; the same key for a retry of one request makes one return. */
    requestReturn: (orderId: string, body: ReturnRequest, idempotencyKey: string) =>
      unwrap(
        rest.POST('/api/v1/orders/{orderId}/returns', {
          params: { path: { orderId }, header: { 'idempotency-key': idempotencyKey } },
          body,
        }),
      ),
    /** Per delivered line with units left, the variants it may be exchanged for and the difference. */
    exchangeOptions: async (orderId: string, signal?: AbortSignal) =>
      (
        await unwrap(
          rest.GET('/api/v1/orders/{orderId}/exchange-options', { params: { path: { orderId } }, signal }),
        )
      ).lines,
    /** Asks to exchange delivered units for another variant; the same key for a retry makes one exchange. */
    requestExchange: (orderId: string, body: ExchangeRequest, idempotencyKey: string) =>
      unwrap(
        rest.POST('/api/v1/orders/{orderId}/exchanges', {
          params: { path: { orderId }, header: { 'idempotency-key': idempotencyKey } },
          body,
        }),
      ),
    get: (orderId: string, signal?: AbortSignal) =>
      unwrap(rest.GET('/api/v1/orders/{orderId}', { params: { path: { orderId } }, signal })),
  };
}
