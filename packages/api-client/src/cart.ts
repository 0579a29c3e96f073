// Carts: a guest's cart is addressed by its id alone; a signed-in shopper has one active cart
// (`mine`) and merges a guest cart into it after signing in.
import { type Transport, unwrap } from './http.js';

export function cartEndpoints({ rest }: Transport) {
  const path = (cartId: string) => ({ params: { path: { cartId } } });
  const line = (cartId: string, sku: string) => ({ params: { path: { cartId, sku } } });
  return {
    /** A new guest cart, or the signed-in shopper's active one. */
    create: () => unwrap(rest.POST('/api/v1/cart')),
    mine: () => unwrap(rest.GET('/api/v1/cart')),
    get: (cartId: string) => unwrap(rest.GET('/api/v1/cart/{cartId}', path(cartId))),
    addLine: (cartId: string, sku: string, quantity: number) =>
      unwrap(rest.POST('/api/v1/cart/{cartId}/lines', { ...path(cartId), body: { sku, quantity } })),
    setQuantity: (cartId: string, sku: string, quantity: number) =>
      unwrap(rest.PUT('/api/v1/cart/{cartId}/lines/{sku}', { ...line(cartId, sku), body: { quantity } })),
    removeLine: (cartId: string, sku: string) =>
      unwrap(rest.DELETE('/api/v1/cart/{cartId}/lines/{sku}', line(cartId, sku))),
    merge: (guestCartId: string) =>
      unwrap(rest.POST('/api/v1/cart/merge', { body: { cartId: guestCartId } })),
  };
}
