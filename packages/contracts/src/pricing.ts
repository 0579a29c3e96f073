// HTTP bodies of the pricing service: regions (countries, currency, tax), tax rates, shipping
// options (admin), the public region lookup, and the quote the order service asks for.
// Amounts are integers of the region's currency's minor unit; rates are percent strings.
import { type Static, Type } from '@sinclair/typebox';
import { MAX_MONEY_AMOUNT, Sku, Uuid } from './common.js';

export const TaxClass = Type.Union([Type.Literal('standard'), Type.Literal('reduced'), Type.Literal('zero')]);
export type TaxClass = Static<typeof TaxClass>;

export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });
/** The part of an ISO 3166-2 code after the country: CA in US-CA. */
export const SubdivisionCode = Type.String({
  pattern: '^[A-Z0-9]{1,3}$',
  description: 'ISO 3166-2 subdivision, e.g. CA',
});
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });
/** A percentage 0–100 with at most four decimals, e.g. "19", "8.875". */
export const RatePercent = Type.String({
  pattern: '^(100(\\.0{1,4})?|\\d{1,2}(\\.\\d{1,4})?)$',
  maxLength: 8,
  description: 'percent, e.g. "8.875"',
});
export const Amount = Type.Integer({ minimum: 0, maximum: MAX_MONEY_AMOUNT, description: 'minor units' });
const RegionCode = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$', description: 'e.g. eu' });
const ShippingCode = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$', description: 'e.g. standard' });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000]*$' });
const ReturnWindowDays = Type.Integer({ minimum: 0, maximum: 365 });

export const NewRegion = Type.Object(
  {
    code: RegionCode,
    name: Name,
    currency: CurrencyCode,
    countries: Type.Array(CountryCode, { minItems: 1, maxItems: 250, uniqueItems: true }),
    taxInclusive: Type.Boolean({ description: 'prices hold their tax (VAT) rather than have it added' }),
    taxOnShipping: Type.Boolean(),
    returnWindowDays: ReturnWindowDays,
  },
  { additionalProperties: false },
);
export type NewRegion = Static<typeof NewRegion>;

/** The currency is fixed once a region exists: its rates and options are amounts in it. */
export const RegionPatch = Type.Object(
  {
    name: Type.Optional(Name),
    taxInclusive: Type.Optional(Type.Boolean()),
    taxOnShipping: Type.Optional(Type.Boolean()),
    returnWindowDays: Type.Optional(ReturnWindowDays),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RegionPatch = Static<typeof RegionPatch>;

export const Region = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  countries: Type.Array(Type.String()),
  taxInclusive: Type.Boolean(),
  taxOnShipping: Type.Boolean(),
  returnWindowDays: Type.Integer(),
});
export type Region = Static<typeof Region>;

export const RegionList = Type.Object({ regions: Type.Array(Region) });
export type RegionList = Static<typeof RegionList>;

export const RegionQuery = Type.Object(
  { country: Type.Optional(CountryCode) },
  { additionalProperties: false },
);

export const NewTaxRate = Type.Object(
  {
    country: CountryCode,
    subdivision: Type.Optional(SubdivisionCode),
    taxClass: TaxClass,
    rate: RatePercent,
    name: Name,
  },
  { additionalProperties: false },
);
export type NewTaxRate = Static<typeof NewTaxRate>;

export const TaxRatePatch = Type.Object(
  { rate: Type.Optional(RatePercent), name: Type.Optional(Name) },
  { additionalProperties: false, minProperties: 1 },
);
export type TaxRatePatch = Static<typeof TaxRatePatch>;

export const TaxRate = Type.Object({
  id: Uuid,
  regionId: Uuid,
  country: Type.String(),
  subdivision: Type.Optional(Type.String()),
  taxClass: TaxClass,
  rate: Type.String(),
  name: Type.String(),
});
export type TaxRate = Static<typeof TaxRate>;

export const ShippingKind = Type.Union([
  Type.Literal('flat'),
  Type.Literal('free_over'),
  Type.Literal('weight_bands'),
  Type.Literal('pickup'),
]);
export type ShippingKind = Static<typeof ShippingKind>;

export const WeightBand = Type.Object(
  { upToGrams: Type.Integer({ minimum: 1, maximum: 10_000_000 }), amount: Amount },
  { additionalProperties: false },
);

/**
 * flat: `amount`. free_over: `amount`, free from `freeFrom` (the subtotal as shown). weight_bands:
 * `bands`, the first whose `upToGrams` holds the cart's weight. pickup: nothing. A field another
 * kind uses is refused.
 */
export const ShippingRule = Type.Object(
  {
    kind: ShippingKind,
    amount: Type.Optional(Amount),
    freeFrom: Type.Optional(Amount),
    bands: Type.Optional(Type.Array(WeightBand, { minItems: 1, maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type ShippingRule = Static<typeof ShippingRule>;

export const NewShippingOption = Type.Object(
  {
    code: ShippingCode,
    name: Name,
    taxClass: Type.Optional(TaxClass),
    rule: ShippingRule,
  },
  { additionalProperties: false },
);
export type NewShippingOption = Static<typeof NewShippingOption>;

export const ShippingOptionPatch = Type.Object(
  {
    name: Type.Optional(Name),
    taxClass: Type.Optional(TaxClass),
    rule: Type.Optional(ShippingRule),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ShippingOptionPatch = Static<typeof ShippingOptionPatch>;

export const ShippingOption = Type.Object({
  id: Uuid,
  regionId: Uuid,
  code: Type.String(),
  name: Type.String(),
  taxClass: TaxClass,
  rule: ShippingRule,
  active: Type.Boolean(),
});
export type ShippingOption = Static<typeof ShippingOption>;

export const ShippingOptionList = Type.Object({ shippingOptions: Type.Array(ShippingOption) });

export const RegionDetail = Type.Object({
  ...Region.properties,
  taxRates: Type.Array(TaxRate),
  shippingOptions: Type.Array(ShippingOption),
});
export type RegionDetail = Static<typeof RegionDetail>;

export const QuoteLineInput = Type.Object(
  {
    sku: Sku,
    unitPrice: Amount,
    quantity: Type.Integer({ minimum: 1, maximum: 999 }),
    taxClass: Type.Optional(TaxClass),
    weightGrams: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    /** What promotions match a line on (their target): the product, its category path, its brand. */
    productId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    categories: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 20,
        description: "the line's category and every category above it",
      }),
    ),
    brand: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const Destination = Type.Object(
  { country: CountryCode, subdivision: Type.Optional(SubdivisionCode) },
  { additionalProperties: false },
);

export const QuoteRequest = Type.Object(
  {
    /** The lines' prices are in it; it must be the destination region's currency. */
    currency: CurrencyCode,
    destination: Destination,
    /** The code of one of the region's active shipping options, e.g. standard. */
    shippingOption: ShippingCode,
    lines: Type.Array(QuoteLineInput, { minItems: 1, maxItems: 100 }),
    /** A coupon the shopper entered; one that does not apply is a 422 coupon-<reason>. */
    couponCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    /** The signed-in shopper: per-customer limits, and the price lists of their customer groups. */
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type QuoteRequest = Static<typeof QuoteRequest>;

export const AppliedRate = Type.Object({
  jurisdiction: Type.String({ description: 'DE, or US-CA for a subdivision' }),
  taxClass: TaxClass,
  rate: Type.String(),
  name: Type.String(),
});
export type AppliedRate = Static<typeof AppliedRate>;

/** A promotion a quote applied, with what it took off (lines and shipping). */
export const AppliedPromotion = Type.Object({
  promotionId: Uuid,
  name: Type.String(),
  kind: Type.String(),
  code: Type.Optional(Type.String()),
  amount: Type.Integer(),
});
export type AppliedPromotion = Static<typeof AppliedPromotion>;

export const Quote = Type.Object({
  regionId: Uuid,
  currency: Type.String(),
  taxInclusive: Type.Boolean({ description: 'tax is held in the amounts, not added to the total' }),
  destination: Type.Object({ country: Type.String(), subdivision: Type.Optional(Type.String()) }),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      quantity: Type.Integer(),
      /** What one unit costs this customer: the catalog price or a lower price list's (ADR 0017). */
      unitPrice: Type.Integer(),
      /** The catalog price sent with the line (absent in quotes stored before price lists). */
      listPrice: Type.Optional(Type.Integer()),
      /** The price list that set unitPrice, when one did. */
      priceList: Type.Optional(
        Type.Object({
          id: Uuid,
          name: Type.String(),
          type: Type.Union([Type.Literal('sale'), Type.Literal('override')]),
        }),
      ),
      subtotal: Type.Integer(),
      taxClass: TaxClass,
      /** The line's share of the discounts; its tax is on subtotal − discount. */
      discount: Type.Integer(),
      tax: Type.Integer(),
      rate: AppliedRate,
    }),
  ),
  subtotal: Type.Integer(),
  shipping: Type.Object({
    optionId: Uuid,
    code: Type.String(),
    name: Type.String(),
    amount: Type.Integer({ description: 'before discount' }),
    discount: Type.Integer({ description: 'waived by a free-shipping promotion' }),
    tax: Type.Integer(),
    rate: Type.Optional(AppliedRate),
  }),
  /** The lines' discounts plus shipping's: total = subtotal + shipping.amount − discount (+ tax). */
  discount: Type.Integer(),
  tax: Type.Integer(),
  total: Type.Integer(),
  rates: Type.Array(AppliedRate),
  promotions: Type.Array(AppliedPromotion),
});
export type Quote = Static<typeof Quote>;
