// HTTP bodies of the pricing service's promotions: what an admin creates and reads, the usage of
// a promotion, and the redemptions the order service makes at checkout. Amounts are integers of
// the promotion's currency's minor unit; percentages are percent strings like tax rates.
import { type Static, Type } from '@sinclair/typebox';
import { Uuid } from './common.js';
import { Amount, CurrencyCode, RatePercent } from './pricing.js';

export const PromotionKind = Type.Union([
  Type.Literal('percentage'),
  Type.Literal('fixed'),
  Type.Literal('free_shipping'),
  Type.Literal('buy_x_get_y'),
]);
export type PromotionKind = Static<typeof PromotionKind>;

/** Shoppers type codes in any case: stored and matched case-insensitively. */
export const CouponCode = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$',
  description: 'letters, digits, - and _; matched case-insensitively',
});

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000]*$' });
const Slug = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$' });
const BrandName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000]*$' });
const Quantity = Type.Integer({ minimum: 1, maximum: 999 });
const Limit = Type.Integer({ minimum: 1, maximum: 100_000_000 });

/** Which lines a promotion discounts: empty (or absent) means every line. A line matches any entry. */
export const PromotionTarget = Type.Object(
  {
    productIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 500 })),
    categories: Type.Optional(Type.Array(Slug, { maxItems: 100, description: 'a category or any below it' })),
    brands: Type.Optional(Type.Array(BrandName, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type PromotionTarget = Static<typeof PromotionTarget>;

const promotionFields = {
  name: Name,
  /** percentage: `percent`. fixed: `amount` and `currency`. buy_x_get_y: `buyQuantity`, `getQuantity`. */
  kind: PromotionKind,
  /** Absent: automatic (applies by itself). Present: a coupon the shopper enters. */
  code: Type.Optional(CouponCode),
  percent: Type.Optional(RatePercent),
  amount: Type.Optional(Amount),
  /** Required with `amount` or `minSubtotal`: such a promotion applies only to carts in it. */
  currency: Type.Optional(CurrencyCode),
  buyQuantity: Type.Optional(Quantity),
  getQuantity: Type.Optional(Quantity),
  target: Type.Optional(PromotionTarget),
  /** The lines' subtotal (before discounts) a cart needs. */
  minSubtotal: Type.Optional(Amount),
  /** Applies alone: never combined with another promotion (ADR 0013). */
  exclusive: Type.Optional(Type.Boolean()),
  startsAt: Type.Optional(Type.String({ format: 'date-time' })),
  endsAt: Type.Optional(Type.String({ format: 'date-time' })),
  usageLimit: Type.Optional(Limit),
  perCustomerLimit: Type.Optional(Limit),
};

export const NewPromotion = Type.Object(promotionFields, { additionalProperties: false });
export type NewPromotion = Static<typeof NewPromotion>;

/** The kind and code are fixed once made: orders name them. Null clears an optional field. */
export const PromotionPatch = Type.Object(
  {
    name: Type.Optional(Name),
    percent: Type.Optional(RatePercent),
    amount: Type.Optional(Amount),
    buyQuantity: Type.Optional(Quantity),
    getQuantity: Type.Optional(Quantity),
    target: Type.Optional(PromotionTarget),
    minSubtotal: Type.Optional(Type.Union([Amount, Type.Null()])),
    exclusive: Type.Optional(Type.Boolean()),
    startsAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    endsAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    usageLimit: Type.Optional(Type.Union([Limit, Type.Null()])),
    perCustomerLimit: Type.Optional(Type.Union([Limit, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PromotionPatch = Static<typeof PromotionPatch>;

export const Promotion = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: PromotionKind,
  code: Type.Optional(Type.String()),
  percent: Type.Optional(Type.String()),
  amount: Type.Optional(Type.Integer()),
  currency: Type.Optional(Type.String()),
  buyQuantity: Type.Optional(Type.Integer()),
  getQuantity: Type.Optional(Type.Integer()),
  target: PromotionTarget,
  minSubtotal: Type.Optional(Type.Integer()),
  exclusive: Type.Boolean(),
  startsAt: Type.Optional(Type.String({ format: 'date-time' })),
  endsAt: Type.Optional(Type.String({ format: 'date-time' })),
  usageLimit: Type.Optional(Type.Integer()),
  perCustomerLimit: Type.Optional(Type.Integer()),
  status: Type.Union([Type.Literal('active'), Type.Literal('paused')]),
  used: Type.Integer({ description: 'redemptions held by orders now' }),
});
export type Promotion = Static<typeof Promotion>;

export const PromotionList = Type.Object({ promotions: Type.Array(Promotion) });

export const PromotionUsage = Type.Object({
  promotionId: Uuid,
  used: Type.Integer(),
  usageLimit: Type.Optional(Type.Integer()),
  remaining: Type.Optional(Type.Integer()),
  customers: Type.Integer({ description: 'distinct signed-in customers among the redemptions' }),
  discounted: Type.Integer({ description: 'the sum of the redeemed discounts, in minor units' }),
});
export type PromotionUsage = Static<typeof PromotionUsage>;

/** What a checkout redeems: the promotions its quote applied, keyed by the order. */
export const RedemptionRequest = Type.Object(
  {
    orderId: Uuid,
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    promotions: Type.Array(
      Type.Object({ promotionId: Uuid, amount: Amount }, { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: 50,
      },
    ),
  },
  { additionalProperties: false },
);
export type RedemptionRequest = Static<typeof RedemptionRequest>;

export const Redemption = Type.Object({ orderId: Uuid, promotionIds: Type.Array(Uuid) });
