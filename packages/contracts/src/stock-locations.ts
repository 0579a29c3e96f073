// HTTP bodies of the product service's stock locations (warehouses): the locations themselves,
// a SKU's units per location, and transfers between locations.
import { type Static, Type } from '@sinclair/typebox';
import { Address, Sku } from './common.js';
import { StockLedgerEntry, StockLevel } from './product.js';

export const CountryCode = Address.properties.country;

/** Lower-case letters, digits and dashes: it appears in URLs and ledger exports as it is. */
export const LocationCode = Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$' });

const LocationName = Type.String({ minLength: 1, maxLength: 100 });
/** Countries a location ships to; null: everywhere. */
const ShipsTo = Type.Union([
  Type.Array(CountryCode, { minItems: 1, maxItems: 250, uniqueItems: true }),
  Type.Null(),
]);

export const StockLocation = Type.Object({
  code: LocationCode,
  name: Type.String(),
  /** Where the location is; null only for the default location made from stock that predates locations. */
  country: Type.Union([CountryCode, Type.Null()]),
  shipsTo: ShipsTo,
  /** Stock changes that name no location go here. */
  default: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type StockLocation = Static<typeof StockLocation>;

export const StockLocationCreate = Type.Object(
  { code: LocationCode, name: LocationName, country: CountryCode, shipsTo: Type.Optional(ShipsTo) },
  { additionalProperties: false },
);
export type StockLocationCreate = Static<typeof StockLocationCreate>;

export const StockLocationUpdate = Type.Object(
  {
    name: Type.Optional(LocationName),
    country: Type.Optional(CountryCode),
    shipsTo: Type.Optional(ShipsTo),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type StockLocationUpdate = Static<typeof StockLocationUpdate>;

export const StockLocationList = Type.Object({ items: Type.Array(StockLocation) });

export const LocationStockLevel = Type.Object({
  location: LocationCode,
  available: Type.Integer(),
  reserved: Type.Integer(),
});
export type LocationStockLevel = Static<typeof LocationStockLevel>;

/** A SKU's totals and its units in every location (zero where it has none). */
export const SkuLocationStock = Type.Object({
  level: StockLevel,
  locations: Type.Array(LocationStockLevel),
});
export type SkuLocationStock = Static<typeof SkuLocationStock>;

export const StockTransferBody = Type.Object(
  {
    from: LocationCode,
    to: LocationCode,
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type StockTransferBody = Static<typeof StockTransferBody>;

export const StockTransferResult = Type.Object({
  sku: Sku,
  /** Shared by the transfer's two ledger entries (their `reference`). */
  transferId: Type.String(),
  /** The entry out of `from`, then the entry into `to`. */
  entries: Type.Array(StockLedgerEntry, { minItems: 2, maxItems: 2 }),
  /** `from` and `to` as the transfer left them. */
  locations: Type.Array(LocationStockLevel, { minItems: 2, maxItems: 2 }),
});
export type StockTransferResult = Static<typeof StockTransferResult>;
