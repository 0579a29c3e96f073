// Carts: a guest's cart is addressed by its id alone; a signed-in shopper has one active cart
// (`mine`) and merges a guest cart into it after signing in. Every call that answers with the cart
// takes the currency to show it in (the shopper's region's); without one, it stays as last shown.
import { type Transport, unwrap } from './http.js';
import type { CartTotalsQuery } from './types.js';

export function cartEndpoints({ rest }: Transport) {
  const view = (currency?: string) => (currency ? { query: { currency } } : {});
  const path = (cartId: string, currency?: string) => ({ params: { path: { cartId }, ...view(currency) } });
  const line = (cartId: string, sku: string, currency?: string) => ({
    params: { path: { cartId, sku }, ...view(currency) },
  });
  return {
    /** A new guest cart, or the signed-in shopper's active one. */
    create: (currency?: string) => unwrap(rest.POST('/api/v1/cart', { params: view(currency) })),
    mine: (currency?: string) => unwrap(rest.GET('/api/v1/cart', { params: view(currency) })),
    get: (cartId: string, currency?: string) =>
      unwrap(rest.GET('/api/v1/cart/{cartId}', path(cartId, currency))),
    /** What checkout would charge at a destination: tax, shipping, promotions and a coupon to try. */
    totals: (cartId: string, query: CartTotalsQuery, signal?: AbortSignal) =>
      unwrap(rest.GET('/api/v1/cart/{cartId}/totals', { params: { path: { cartId }, query }, signal })),
    addLine: (cartId: string, sku: string, quantity: number, currency?: string) =>
      unwrap(
        rest.POST('/api/v1/cart/{cartId}/lines', { ...path(cartId, currency), body: { sku, quantity } }),
      ),
    setQuantity: (cartId: string, sku: string, quantity: number, currency?: string) =>
      unwrap(
        rest.PUT('/api/v1/cart/{cartId}/lines/{sku}', { ...line(cartId, sku, currency), body: { quantity } }),
      ),
    removeLine: (cartId: string, sku: string, currency?: string) =>
      unwrap(rest.DELETE('/api/v1/cart/{cartId}/lines/{sku}', line(cartId, sku, currency))),
    merge: (guestCartId: string, currency?: string) =>
      unwrap(rest.POST('/api/v1/cart/merge', { params: view(currency), body: { cartId: guestCartId } })),
  };
}
