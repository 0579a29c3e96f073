// HTTP bodies of the order service: carts, checkout, orders and their admin actions.
import { type Static, Type } from '@sinclair/typebox';
import { Address, Email, Money, OrderAddress, Sku, Uuid } from './common.js';

export const OrderStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('stock_reserved'),
  Type.Literal('payment_authorized'),
  Type.Literal('confirmed'),
  Type.Literal('shipped'),
  Type.Literal('delivered'),
  Type.Literal('cancelled'),
  Type.Literal('refunded'),
  // A checkout the saga refused (declined card, sold out, no answer in time): an attempt, never an
  // order. Left out of order lists unless asked for by status; its cart stays open.
  Type.Literal('checkout_failed'),
]);
export type OrderStatus = Static<typeof OrderStatus>;

/** The code of the destination region's shipping option; `pickup`: collected at its pickup point. */
export const ShippingMethod = Type.Union([
  Type.Literal('standard'),
  Type.Literal('express'),
  Type.Literal('pickup'),
]);
export type ShippingMethod = Static<typeof ShippingMethod>;

// --- cart ---------------------------------------------------------------------------------------
export const CartLine = Type.Object({
  sku: Type.String(),
  productId: Type.Optional(Type.String()),
  title: Type.String(),
  image: Type.Optional(Type.String()),
  quantity: Type.Integer(),
  /** In the cart's currency; null when the item is not sold in it (`not_sold_in_currency`). */
  unitPrice: Type.Union([Money, Type.Null()]),
  lineTotal: Type.Union([Money, Type.Null()]),
  available: Type.Integer(),
  availability: Type.Union([
    Type.Literal('in_stock'),
    Type.Literal('insufficient_stock'),
    Type.Literal('unavailable'),
    /** On sale, but not in the cart's currency: not sold in the shopper's region. */
    Type.Literal('not_sold_in_currency'),
  ]),
  /** Present when the price moved since the shopper last saw this line. */
  priceChange: Type.Optional(Type.Object({ previous: Money, current: Money })),
});

export const Cart = Type.Object({
  cartId: Uuid,
  userId: Type.Optional(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('merged'), Type.Literal('converted')]),
  /** The currency the lines are priced in: the one asked for (`?currency=`), else as last shown. */
  currency: Type.String(),
  lines: Type.Array(CartLine),
  subtotal: Type.Union([Money, Type.Null()]),
  /** Sentences for the shopper: price moves, items no longer available. */
  notices: Type.Array(Type.String()),
});
export type Cart = Static<typeof Cart>;

/** The currency a cart is shown in: the shopper's region's (GET /regions?country=). */
export const CartViewQuery = Type.Object(
  {
    currency: Type.Optional(
      Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217; default: as the cart was last shown' }),
    ),
  },
  { additionalProperties: false },
);
export type CartViewQuery = Static<typeof CartViewQuery>;

export const AddCartLineBody = Type.Object(
  { sku: Sku, quantity: Type.Integer({ minimum: 1, maximum: 999 }) },
  { additionalProperties: false },
);
export const UpdateCartLineBody = Type.Object(
  { quantity: Type.Integer({ minimum: 1, maximum: 999 }) },
  { additionalProperties: false },
);
export const MergeCartBody = Type.Object({ cartId: Uuid }, { additionalProperties: false });

/** Where the cart would go: what its totals depend on before there is an address. */
/** A coupon code as a shopper types it (any case). */
const CouponField = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' });

/** A promotion applied to a cart or an order: its name, its code if a coupon, what it took off. */
export const OrderPromotion = Type.Object({
  promotionId: Type.String(),
  name: Type.String(),
  code: Type.Optional(Type.String()),
  amount: Money,
});

export const CartTotalsQuery = Type.Object(
  {
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    region: Type.Optional(
      Type.String({ pattern: '^[A-Z0-9]{1,3}$', description: 'ISO 3166-2 subdivision, e.g. CA' }),
    ),
    shippingMethod: Type.Optional(ShippingMethod),
    /** A coupon to try: a 422 coupon-<reason> says why it does not apply. */
    coupon: Type.Optional(CouponField),
  },
  { additionalProperties: false },
);
export type CartTotalsQuery = Static<typeof CartTotalsQuery>;

/** One cart line as checkout would charge it: the price the shopper pays, and what it came from. */
export const CartTotalsLine = Type.Object({
  sku: Type.String(),
  quantity: Type.Integer(),
  /** What one unit costs this shopper: the catalog price or a lower price list's. */
  unitPrice: Money,
  /** The catalog price of one unit; above unitPrice when a price list lowered it. */
  listPrice: Money,
  /** unitPrice × quantity, before promotions. */
  lineTotal: Money,
  /** The line's share of what promotions take off. */
  discount: Money,
  tax: Money,
  /** The price list that set unitPrice, when one did: a sale shows the catalog price struck. */
  priceList: Type.Optional(
    Type.Object({ name: Type.String(), type: Type.Union([Type.Literal('sale'), Type.Literal('override')]) }),
  ),
});

/** The cart's totals at a destination, as checkout would charge them now (lines still on sale). */
export const CartTotals = Type.Object({
  shippingMethod: ShippingMethod,
  /** The tax is held in the prices (EU, UK VAT), not added to the total. */
  taxInclusive: Type.Boolean(),
  subtotal: Money,
  shipping: Money,
  tax: Money,
  total: Money,
  /** What promotions take off (lines and shipping); total = subtotal + shipping − discount (+ tax). */
  discount: Money,
  promotions: Type.Array(OrderPromotion),
  /** Per line on sale, what checkout charges for it (lines no longer on sale are left out). */
  lines: Type.Array(CartTotalsLine),
});
export type CartTotals = Static<typeof CartTotals>;

// --- checkout and orders ------------------------------------------------------------------------
export const CheckoutBody = Type.Object(
  {
    cartId: Uuid,
    email: Email,
    shippingAddress: OrderAddress,
    billingAddress: Type.Optional(Address),
    shippingMethod: ShippingMethod,
    paymentToken: Type.String({ minLength: 1, maxLength: 200 }),
    couponCode: Type.Optional(CouponField),
  },
  { additionalProperties: false },
);
export type CheckoutBody = Static<typeof CheckoutBody>;

export const OrderLine = Type.Object({
  sku: Type.String(),
  productId: Type.String(),
  title: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Money,
  lineTotal: Money,
});

export const OrderTransition = Type.Object({
  from: Type.Union([OrderStatus, Type.Null()]),
  to: OrderStatus,
  /**
   * What happened when the status stayed (from = to): shipment_created, shipment_delivered,
   * return_requested, return_approved, return_rejected, return_received, return_refunded.
   */
  event: Type.Optional(Type.String()),
  reason: Type.String(),
  actor: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

// --- fulfilment ---------------------------------------------------------------------------------
/** Derived from the shipments: shipped quantities against ordered ones. */
export const FulfillmentStatus = Type.Union([
  Type.Literal('unfulfilled'),
  Type.Literal('partially_fulfilled'),
  Type.Literal('fulfilled'),
]);
export type FulfillmentStatus = Static<typeof FulfillmentStatus>;

export const ShipmentLine = Type.Object({
  sku: Type.String(),
  title: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
});

export const Shipment = Type.Object({
  shipmentId: Uuid,
  /** 1, 2, … in the order they were created. */
  number: Type.Integer({ minimum: 1 }),
  status: Type.Union([Type.Literal('shipped'), Type.Literal('delivered')]),
  carrier: Type.Optional(Type.String()),
  trackingNumber: Type.Optional(Type.String()),
  /** The carrier's tracking page; absent for a carrier without a known link. */
  trackingUrl: Type.Optional(Type.String()),
  locationId: Type.Optional(Type.String()),
  lines: Type.Array(ShipmentLine),
  createdAt: Type.String({ format: 'date-time' }),
  deliveredAt: Type.Optional(Type.String({ format: 'date-time' })),
});
export type Shipment = Static<typeof Shipment>;

export const CreateShipmentBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        { sku: Sku, quantity: Type.Integer({ minimum: 1, maximum: 999 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    carrier: Type.String({ minLength: 1, maxLength: 100 }),
    trackingNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9-]+$' })),
    /** The stock location the parcel leaves from (free text until locations are modelled). */
    locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type CreateShipmentBody = Static<typeof CreateShipmentBody>;

export const Cancellation = Type.Object({ code: Type.String(), reason: Type.String() });

// --- returns ------------------------------------------------------------------------------------
export const ReturnStatus = Type.Union([
  Type.Literal('requested'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('received'),
  Type.Literal('refunded'),
  /** An exchange: the returned units are in, the replacement shipped and the difference settled. */
  Type.Literal('exchanged'),
]);

/** `return`: refunded; `exchange`: replaced by another variant of the same product. */
export const ReturnKind = Type.Union([Type.Literal('return'), Type.Literal('exchange')]);

/** What an exchange sends instead of the returned units. */
export const ExchangeReplacement = Type.Object({
  sku: Type.String(),
  title: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  /** The shipment that carries it, once the returned units arrived. */
  shipmentId: Type.Optional(Uuid),
});

export const ReturnCondition = Type.Union([
  Type.Literal('as_new'),
  Type.Literal('opened'),
  Type.Literal('damaged'),
]);

export const OrderReturn = Type.Object({
  returnId: Uuid,
  number: Type.Integer({ minimum: 1 }),
  kind: ReturnKind,
  status: ReturnStatus,
  reason: Type.String(),
  rejectionReason: Type.Optional(Type.String()),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      title: Type.String(),
      quantity: Type.Integer({ minimum: 1 }),
      /** Set when the parcel was received. */
      restock: Type.Optional(Type.Boolean()),
      condition: Type.Optional(ReturnCondition),
    }),
  ),
  /**
   * What the return is owed (lines, their tax share, shipping if chosen); set when received. An
   * exchange for a cheaper variant is owed the difference.
   */
  refund: Type.Optional(Money),
  /** An exchange for a dearer variant: the difference (with its tax share) the shopper pays. */
  charge: Type.Optional(Money),
  replacement: Type.Optional(ExchangeReplacement),
  refundShipping: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type OrderReturn = Static<typeof OrderReturn>;

const ReturnLines = Type.Array(
  Type.Object(
    { sku: Sku, quantity: Type.Integer({ minimum: 1, maximum: 999 }) },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 100 },
);

export const RequestReturnBody = Type.Object(
  { lines: ReturnLines, reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type RequestReturnBody = Static<typeof RequestReturnBody>;

export const RequestExchangeBody = Type.Object(
  {
    /** The delivered line to send back. */
    sku: Sku,
    quantity: Type.Integer({ minimum: 1, maximum: 999 }),
    /** Another variant of the same product, sent once the returned units arrive. */
    replacementSku: Sku,
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    /** Required when the replacement costs more: the difference is authorized now, captured when it ships. */
    paymentToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type RequestExchangeBody = Static<typeof RequestExchangeBody>;

export const RejectReturnBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

export const ReceiveReturnBody = Type.Object(
  {
    /** One entry per line of the return: whether its units go back into stock, and their state. */
    lines: Type.Array(
      Type.Object(
        { sku: Sku, restock: Type.Boolean(), condition: ReturnCondition },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    /** Refund the order's shipping (and its tax) with this return; once per order. */
    refundShipping: Type.Optional(Type.Boolean()),
    /** An exchange: the parcel that carries the replacement. */
    replacementShipment: Type.Optional(
      Type.Object(
        {
          carrier: Type.String({ minLength: 1, maxLength: 100 }),
          trackingNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ReceiveReturnBody = Static<typeof ReceiveReturnBody>;

export const Order = Type.Object({
  orderId: Uuid,
  orderNumber: Type.String(),
  status: OrderStatus,
  userId: Type.Optional(Type.String()),
  email: Type.String(),
  lines: Type.Array(OrderLine),
  totals: Type.Object({
    subtotal: Money,
    shipping: Money,
    tax: Money,
    total: Money,
    /** Present when promotions took something off: total = subtotal + shipping − discount (+ tax). */
    discount: Type.Optional(Money),
  }),
  refunded: Money,
  shippingMethod: ShippingMethod,
  /** The shipping option's name as quoted, e.g. "Collect from a parcel point" for a pickup. */
  shippingName: Type.Optional(Type.String()),
  shippingAddress: OrderAddress,
  billingAddress: OrderAddress,
  /** Why the order was cancelled or the checkout failed, in words for the shopper. */
  cancellation: Type.Optional(Cancellation),
  /** The carrier of the order's shipping as a whole (POST /admin/orders/{id}/ship); see shipments. */
  shipment: Type.Optional(
    Type.Object({ carrier: Type.Optional(Type.String()), trackingNumber: Type.Optional(Type.String()) }),
  ),
  fulfillmentStatus: FulfillmentStatus,
  shipments: Type.Array(Shipment),
  returns: Type.Array(OrderReturn),
  timeline: Type.Array(OrderTransition),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Order = Static<typeof Order>;

export const OrderSummary = Type.Object({
  orderId: Uuid,
  orderNumber: Type.String(),
  status: OrderStatus,
  email: Type.String(),
  total: Money,
  itemCount: Type.Integer(),
  /** Why a cancelled order or a failed checkout attempt ended, in words for the shopper. */
  cancellation: Type.Optional(Cancellation),
  createdAt: Type.String({ format: 'date-time' }),
});

export const OrderPage = Type.Object({
  orders: Type.Array(OrderSummary),
  /** Pass as `before` to read the next (older) page; absent on the last page. */
  nextCursor: Type.Optional(Type.String()),
});

export const AdminOrderQuery = Type.Object({
  /** Failed checkout attempts are listed only when asked for: `status=checkout_failed`. */
  status: Type.Optional(OrderStatus),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  userId: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  before: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});
export type AdminOrderQuery = Static<typeof AdminOrderQuery>;

export const ShipOrderBody = Type.Object(
  {
    carrier: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    trackingNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const CancelOrderBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export const RefundOrderBody = Type.Object(
  { amount: Type.Optional(Money), reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type RefundOrderBody = Static<typeof RefundOrderBody>;
