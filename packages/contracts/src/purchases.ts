// The order service's read of past purchases (GET /internal/purchases): every product an account
// bought in an order that went through, oldest first, by cursor. Services that keep their own
// read model of purchases (the product service's review eligibility) page through it to learn
// the purchases made before they listened to order events.
import { type Static, Type } from '@sinclair/typebox';
import { Uuid } from './common.js';

export const PurchaseQuery = Type.Object({
  /** The nextCursor of the page before; absent: from the first purchase. */
  after: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
});
export type PurchaseQuery = Static<typeof PurchaseQuery>;

/** One product of one order: an order of three lines of two products is two purchases. */
export const Purchase = Type.Object({
  orderId: Uuid,
  /** The account that placed the order (guest orders name none and are not listed). */
  customerId: Type.String(),
  productId: Type.String(),
  placedAt: Type.String({ format: 'date-time' }),
});
export type Purchase = Static<typeof Purchase>;

export const PurchasePage = Type.Object({
  items: Type.Array(Purchase),
  /** Present while more purchases follow: pass it as `after`. */
  nextCursor: Type.Optional(Type.String()),
});
export type PurchasePage = Static<typeof PurchasePage>;
