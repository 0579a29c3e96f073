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
  'product.changed': Type.Object({ productId: Type.String(), slug: Type.String(), status: Type.String() }),
};
