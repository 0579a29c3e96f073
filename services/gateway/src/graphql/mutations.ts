// Mutations: the cart and checkout. Each is one call to the order service's own REST operation
// (the one `/api/v1/cart*` and `POST /api/v1/orders` reach), with the caller's token, so every rule
// — whose cart it is, stock, currency, idempotency, guest checkout — stays the service's.
import type { Cart, CheckoutBody, Order } from '@emporium/contracts/order';
import { problems } from '@emporium/platform';
import type { GraphQLContext } from './context.js';
import { asGraphQLError, type FieldNames, relay, requireViewer } from './errors.js';

// The service names fields by where they were sent; GraphQL by argument.
const CART_FIELDS: FieldNames = { params: '', body: '' };
const CHECKOUT_FIELDS: FieldNames = { body: 'input', 'headers.idempotency-key': 'idempotencyKey' };

/**
 * As over REST, a refused token is refused rather than quietly acting as a guest: a signed-in
 * shopper's checkout must not become a guest order because their token expired.
 */
function refuseStaleToken(context: GraphQLContext): void {
  if (context.authProblem) requireViewer(context);
}

/** GraphQL hands an optional input field sent as null over as null; the REST body leaves it out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null)
      .map(([key, field]) => [key, withoutNulls(field)]),
  );
}

// What an HTTP header value can carry unchanged. Anything else could not have been sent over REST
// either, and would fail inside the HTTP client, where it would count against the order service's
// circuit breaker as if the service had failed.
const HEADER_SAFE = /^[\t\x20-\x7e]*$/;

const linePath = (cartId: string, sku?: string) =>
  `/cart/${encodeURIComponent(cartId)}/lines${sku === undefined ? '' : `/${encodeURIComponent(sku)}`}`;

interface LineArgs {
  cartId: string;
  sku: string;
  quantity: number;
}

export const mutations = {
  createCart: (_root: unknown, _args: unknown, context: GraphQLContext) => {
    refuseStaleToken(context);
    return relay(context.send<Cart>('order', { method: 'POST', path: '/cart' }));
  },

  addCartLine: (_root: unknown, { cartId, sku, quantity }: LineArgs, context: GraphQLContext) => {
    refuseStaleToken(context);
    return relay(
      context.send<Cart>('order', { method: 'POST', path: linePath(cartId), body: { sku, quantity } }),
      CART_FIELDS,
    );
  },

  updateCartLine: (_root: unknown, { cartId, sku, quantity }: LineArgs, context: GraphQLContext) => {
    refuseStaleToken(context);
    return relay(
      context.send<Cart>('order', { method: 'PUT', path: linePath(cartId, sku), body: { quantity } }),
      CART_FIELDS,
    );
  },

  removeCartLine: (_root: unknown, { cartId, sku }: Omit<LineArgs, 'quantity'>, context: GraphQLContext) => {
    refuseStaleToken(context);
    return relay(context.send<Cart>('order', { method: 'DELETE', path: linePath(cartId, sku) }), CART_FIELDS);
  },

  /** Signed in only: the guest cart's lines move into the shopper's own cart, as at sign-in over REST. */
  mergeCart: (_root: unknown, { cartId }: { cartId: string }, context: GraphQLContext) => {
    requireViewer(context);
    return relay(
      context.send<Cart>('order', { method: 'POST', path: '/cart/merge', body: { cartId } }),
      CART_FIELDS,
    );
  },

  placeOrder: async (
    _root: unknown,
    args: { input: CheckoutBody; idempotencyKey: string },
    context: GraphQLContext,
  ) => {
    if (!HEADER_SAFE.test(args.idempotencyKey)) {
      throw asGraphQLError(
        problems.validation([{ field: 'idempotencyKey', message: 'must be printable ASCII' }]),
      );
    }
    refuseStaleToken(context);
    // Counted before the service is asked, per placement (two aliased placeOrder fields count two),
    // against the same quota as REST: GraphQL must not be a way around card-testing limits.
    await relay(context.countOrderPlacement());
    return relay(
      context.send<Order>('order', {
        method: 'POST',
        path: '/orders',
        headers: { 'idempotency-key': args.idempotencyKey },
        body: withoutNulls(args.input),
      }),
      CHECKOUT_FIELDS,
    );
  },
};
