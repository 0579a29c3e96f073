// Events the product service publishes.
import { Type } from '@sinclair/typebox';
import { Sku } from '../common.js';

const ReservationLine = Type.Object({ sku: Sku, quantity: Type.Integer({ minimum: 1 }) });

export const productEvents = {
  'stock.reserved': Type.Object({ reservationId: Type.String(), lines: Type.Array(ReservationLine) }),
  'stock.rejected': Type.Object({
    reservationId: Type.String(),
    reason: Type.String(),
    unavailable: Type.Array(Type.Object({ sku: Sku, requested: Type.Integer(), available: Type.Integer() })),
  }),
  'stock.released': Type.Object({
    reservationId: Type.String(),
    reason: Type.String(),
    lines: Type.Array(ReservationLine),
  }),
  'stock.committed': Type.Object({ reservationId: Type.String(), lines: Type.Array(ReservationLine) }),
  'stock.low': Type.Object({
    sku: Sku,
    productId: Type.String(),
    title: Type.String(),
    available: Type.Integer(),
    threshold: Type.Integer(),
  }),
  /** An admin wrote stock up or down (adjustment) or set it to a count. */
  'stock.adjusted': Type.Object({
    sku: Sku,
    productId: Type.String(),
    kind: Type.Union([Type.Literal('adjustment'), Type.Literal('count')]),
    reason: Type.String(),
    /** Change of available units (negative: written off). */
    quantity: Type.Integer(),
    available: Type.Integer(),
    actor: Type.String(),
    ledgerEntryId: Type.String(),
  }),
  /** A verified buyer reviewed a product (admins are told, to read it). */
  'review.submitted': Type.Object({
    reviewId: Type.String(),
    productId: Type.String(),
    productSlug: Type.String(),
    productTitle: Type.String(),
    userId: Type.String(),
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    title: Type.String(),
    displayName: Type.String(),
  }),
  /** An admin hid a review from shoppers. */
  'review.hidden': Type.Object({
    reviewId: Type.String(),
    productId: Type.String(),
    productSlug: Type.String(),
    reason: Type.String(),
    hiddenBy: Type.String(),
  }),
  'product.changed': Type.Object({ productId: Type.String(), slug: Type.String(), status: Type.String() }),
};
