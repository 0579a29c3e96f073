// Shapes shared by several services' HTTP bodies and events.
import { type Static, Type } from '@sinclair/typebox';

/**
 * The largest amount any price, payment or refund takes: 10^12 minor units (ten billion in a
 * two-decimal currency). A line's total (at most 999 units) and an order's sum of lines stay below
 * 2^53, where JavaScript numbers stop being exact, and far inside PostgreSQL's bigint.
 */
export const MAX_MONEY_AMOUNT = 1_000_000_000_000;

/** Money is integer minor units (cents) plus an ISO 4217 code. Never floats. */
export const Money = Type.Object({
  amount: Type.Integer({ minimum: 0, maximum: MAX_MONEY_AMOUNT, description: 'minor units, e.g. cents' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
});
export type Money = Static<typeof Money>;

export const Uuid = Type.String({ format: 'uuid' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Sku = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });

export const Address = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  line1: Type.String({ minLength: 1, maxLength: 200 }),
  line2: Type.Optional(Type.String({ maxLength: 200 })),
  city: Type.String({ minLength: 1, maxLength: 100 }),
  postalCode: Type.String({ minLength: 1, maxLength: 20 }),
  region: Type.Optional(Type.String({ maxLength: 100 })),
  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
});
export type Address = Static<typeof Address>;

/**
 * Where an order goes. Shipped: a street address (line1, city and postalCode are then required).
 * Picked up: who collects it and the country, which decides region, currency and tax; the order
 * keeps only name, country and phone.
 */
export const OrderAddress = Type.Object({
  ...Address.properties,
  line1: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  city: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  postalCode: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
});
export type OrderAddress = Static<typeof OrderAddress>;
