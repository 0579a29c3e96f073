// HTTP bodies of the pricing service's customer groups and price lists (ADR 0017): what an admin
// creates and reads, and the shopper's prices the storefront shows. Amounts are integers of the
// entry's currency's minor unit.
import { type Static, Type } from '@sinclair/typebox';
import { Sku, Uuid } from './common.js';
import { Amount, CurrencyCode } from './pricing.js';

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000]*$' });
/** A user id as the auth service issues it (the token's subject). */
export const CustomerId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$' });
const MinQuantity = Type.Integer({ minimum: 1, maximum: 999 });

export const NewCustomerGroup = Type.Object({ name: Name }, { additionalProperties: false });
export type NewCustomerGroup = Static<typeof NewCustomerGroup>;
export const CustomerGroupPatch = NewCustomerGroup;

export const CustomerGroup = Type.Object({
  id: Uuid,
  name: Type.String(),
  memberCount: Type.Integer(),
});
export type CustomerGroup = Static<typeof CustomerGroup>;
export const CustomerGroupList = Type.Object({ customerGroups: Type.Array(CustomerGroup) });
export const CustomerGroupDetail = Type.Object({
  ...CustomerGroup.properties,
  /** User ids, in the order they were added. */
  members: Type.Array(Type.String()),
});
export type CustomerGroupDetail = Static<typeof CustomerGroupDetail>;

export const PriceListType = Type.Union([Type.Literal('sale'), Type.Literal('override')], {
  description: 'sale: shown against the struck list price; override: shown as the price itself',
});
export const PriceListStatus = Type.Union([Type.Literal('active'), Type.Literal('draft')]);

/** A price of `sku` in `currency`, from `minQuantity` units of it on a line (1: any quantity). */
export const PriceListEntry = Type.Object(
  { sku: Sku, currency: CurrencyCode, amount: Amount, minQuantity: Type.Optional(MinQuantity) },
  { additionalProperties: false },
);
export type PriceListEntry = Static<typeof PriceListEntry>;
const Entries = Type.Array(PriceListEntry, { maxItems: 2000 });
const GroupIds = Type.Array(Uuid, {
  maxItems: 100,
  uniqueItems: true,
  description: 'the customer groups it is for; empty: everyone',
});

export const NewPriceList = Type.Object(
  {
    name: Name,
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    type: PriceListType,
    status: PriceListStatus,
    startsAt: Type.Optional(Type.String({ format: 'date-time' })),
    endsAt: Type.Optional(Type.String({ format: 'date-time' })),
    customerGroupIds: Type.Optional(GroupIds),
    entries: Type.Optional(Entries),
  },
  { additionalProperties: false },
);
export type NewPriceList = Static<typeof NewPriceList>;

/**
 * `version` is the one read: another change since then is a 409 price-list-version-conflict.
 * `entries` and `customerGroupIds` replace the whole set; null clears a date.
 */
export const PriceListPatch = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    name: Type.Optional(Name),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    type: Type.Optional(PriceListType),
    status: Type.Optional(PriceListStatus),
    startsAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    endsAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    customerGroupIds: Type.Optional(GroupIds),
    entries: Type.Optional(Entries),
  },
  { additionalProperties: false, minProperties: 2 },
);
export type PriceListPatch = Static<typeof PriceListPatch>;

const priceListFields = {
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  type: PriceListType,
  status: PriceListStatus,
  startsAt: Type.Optional(Type.String({ format: 'date-time' })),
  endsAt: Type.Optional(Type.String({ format: 'date-time' })),
  customerGroupIds: Type.Array(Uuid),
  version: Type.Integer(),
};
export const PriceListSummary = Type.Object({ ...priceListFields, entryCount: Type.Integer() });
export type PriceListSummary = Static<typeof PriceListSummary>;
export const PriceList = Type.Object({
  ...priceListFields,
  entries: Type.Array(
    Type.Object({
      sku: Type.String(),
      currency: Type.String(),
      amount: Type.Integer(),
      minQuantity: Type.Integer(),
    }),
  ),
});
export type PriceList = Static<typeof PriceList>;
export const PriceListList = Type.Object({ priceLists: Type.Array(PriceListSummary) });

/** The storefront's question: the shopper's prices of these SKUs in a currency. */
export const PriceQuery = Type.Object(
  {
    skus: Type.String({
      minLength: 1,
      maxLength: 2000,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}(,[A-Za-z0-9][A-Za-z0-9._-]{0,63}){0,49}$',
      description: 'up to 50 SKUs, comma-separated',
    }),
    currency: CurrencyCode,
  },
  { additionalProperties: false },
);

/** One applicable price list's price: from `minQuantity` units, `amount` each. */
export const PriceTier = Type.Object({
  minQuantity: Type.Integer(),
  amount: Type.Integer(),
  priceListId: Uuid,
  type: PriceListType,
});
export type PriceTier = Static<typeof PriceTier>;

export const ShopperPrices = Type.Object({
  currency: Type.String(),
  prices: Type.Array(
    Type.Object({
      sku: Type.String(),
      /**
       * The best price list price for one unit, when a list prices a single unit (`minQuantity`
       * 1); the catalog price still applies when it is lower.
       */
      unit: Type.Optional(PriceTier),
      /** Lower prices from more units on, lowest quantity first; each lower than the one before. */
      tiers: Type.Array(PriceTier),
    }),
  ),
});
export type ShopperPrices = Static<typeof ShopperPrices>;
