// Events the order service publishes.
import { Type } from '@sinclair/typebox';
import { Email, Money, OrderAddress, Sku, Uuid } from '../common.js';

export const OrderLineSnapshot = Type.Object({
  sku: Sku,
  productId: Type.String(),
  title: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  unitPrice: Money,
  lineTotal: Money,
});

export const OrderTotals = Type.Object({
  subtotal: Money,
  shipping: Money,
  tax: Money,
  total: Money,
  /** What promotions took off, when anything: total = subtotal + shipping − discount (+ tax). */
  discount: Type.Optional(Money),
});

const ShipmentFacts = Type.Object({
  shipmentId: Uuid,
  number: Type.Integer({ minimum: 1 }),
  carrier: Type.Optional(Type.String()),
  trackingNumber: Type.Optional(Type.String()),
  trackingUrl: Type.Optional(Type.String()),
  lines: Type.Array(Type.Object({ sku: Sku, title: Type.String(), quantity: Type.Integer({ minimum: 1 }) })),
});

const OrderSummary = {
  orderId: Uuid,
  orderNumber: Type.String(),
  /** Absent for a guest checkout (a cart id, no account). */
  userId: Type.Optional(Uuid),
  email: Email,
  lines: Type.Array(OrderLineSnapshot),
  totals: OrderTotals,
};

/** Where the order goes, and how: a pickup has no street, and its point is the option's name. */
const Delivery = {
  shippingAddress: OrderAddress,
  shippingMethod: Type.Optional(Type.String()),
  shippingName: Type.Optional(Type.String()),
};

export const orderEvents = {
  'order.placed': Type.Object({ ...OrderSummary, ...Delivery }),
  'order.confirmed': Type.Object({ ...OrderSummary, ...Delivery }),
  'order.cancelled': Type.Object({
    ...OrderSummary,
    reason: Type.String(),
    /**
     * The checkout was refused before the order was confirmed: an attempt the shopper was told
     * about on the spot, not an order the shop cancelled. Its reservation is released all the same.
     */
    checkoutFailed: Type.Optional(Type.Boolean()),
  }),
  'order.shipped': Type.Object({
    ...OrderSummary,
    carrier: Type.Optional(Type.String()),
    trackingNumber: Type.Optional(Type.String()),
    /**
     * The order's last shipment completed it: order.shipment_created announced every parcel (and
     * the shopper was e-mailed for each), so this one only says the whole order is under way.
     */
    fulfilledInShipments: Type.Optional(Type.Boolean()),
  }),
  'order.shipment_created': Type.Object({
    ...OrderSummary,
    shipment: ShipmentFacts,
    fulfillmentStatus: Type.Union([Type.Literal('partially_fulfilled'), Type.Literal('fulfilled')]),
  }),
  'order.shipment_delivered': Type.Object({
    ...OrderSummary,
    shipment: ShipmentFacts,
    /** Every shipment of the order has arrived (the order became delivered if fully fulfilled). */
    allDelivered: Type.Boolean(),
  }),
  'order.delivered': Type.Object(OrderSummary),
  'order.return_updated': Type.Object({
    ...OrderSummary,
    return: Type.Object({
      returnId: Uuid,
      number: Type.Integer({ minimum: 1 }),
      status: Type.Union([
        Type.Literal('requested'),
        Type.Literal('approved'),
        Type.Literal('rejected'),
        Type.Literal('received'),
        Type.Literal('refunded'),
        Type.Literal('exchanged'),
      ]),
      /** Absent on events from before exchanges: a return. */
      kind: Type.Optional(Type.Union([Type.Literal('return'), Type.Literal('exchange')])),
      reason: Type.String(),
      rejectionReason: Type.Optional(Type.String()),
      lines: Type.Array(
        Type.Object({ sku: Sku, title: Type.String(), quantity: Type.Integer({ minimum: 1 }) }),
      ),
      refund: Type.Optional(Money),
      /** An exchange for a dearer variant: what the shopper pays on top. */
      charge: Type.Optional(Money),
      replacement: Type.Optional(
        Type.Object({ sku: Sku, title: Type.String(), quantity: Type.Integer({ minimum: 1 }) }),
      ),
    }),
  }),
  'order.refunded': Type.Object({ ...OrderSummary, refunded: Money, reason: Type.Optional(Type.String()) }),
};
