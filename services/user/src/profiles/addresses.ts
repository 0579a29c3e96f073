// A user's address book: several addresses, at most one default for shipping and one for billing.
// PII (recipient, lines, phone) is sealed per field, bound to the address id.
import { randomUUID } from 'node:crypto';
import type { Address } from '@emporium/contracts';
import type { AddressPatch, NewAddress, SavedAddress } from '@emporium/contracts/user';
import { problems, type SqlExecutor } from '@emporium/platform';
import { addressesKey, type UserContext } from '../context.js';
import {
  type AddressFields,
  clearDefaults,
  countAddresses,
  deleteAddress,
  findAddress,
  insertAddress,
  listAddresses,
  replaceAddress,
  type StoredAddress,
} from '../repositories/addresses.js';
import { lockProfile } from '../repositories/profiles.js';
import { profileNotFound } from './profiles.js';

export const MAX_ADDRESSES = 50;

export const addressContext = (addressId: string, field: string) => `addresses.${field}:${addressId}`;

export function toSavedAddress(ctx: UserContext, stored: StoredAddress): SavedAddress {
  const open = (sealed: string, field: string) =>
    ctx.cipher.decrypt(sealed, addressContext(stored.id, field));
  return {
    id: stored.id,
    name: open(stored.recipientSealed, 'recipient'),
    line1: open(stored.line1Sealed, 'line1'),
    ...(stored.line2Sealed ? { line2: open(stored.line2Sealed, 'line2') } : {}),
    city: stored.city,
    postalCode: stored.postalCode,
    ...(stored.region ? { region: stored.region } : {}),
    country: stored.country,
    ...(stored.phoneSealed ? { phone: open(stored.phoneSealed, 'phone') } : {}),
    isDefaultShipping: stored.isDefaultShipping,
    isDefaultBilling: stored.isDefaultBilling,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}

function sealFields(
  ctx: UserContext,
  addressId: string,
  address: Address,
  defaults: { isDefaultShipping: boolean; isDefaultBilling: boolean },
): AddressFields {
  const seal = (plain: string, field: string) => ctx.cipher.encrypt(plain, addressContext(addressId, field));
  return {
    recipientSealed: seal(address.name, 'recipient'),
    line1Sealed: seal(address.line1, 'line1'),
    line2Sealed: address.line2 ? seal(address.line2, 'line2') : null,
    phoneSealed: address.phone ? seal(address.phone, 'phone') : null,
    city: address.city,
    postalCode: address.postalCode,
    region: address.region ?? null,
    country: address.country,
    ...defaults,
  };
}

/** Locks the owner's profile row: address writes of one user run one at a time (defaults, limit). */
async function lockOwner(tx: SqlExecutor, userId: string): Promise<void> {
  if (!(await lockProfile(tx, userId))) throw profileNotFound();
}

export async function getAddresses(ctx: UserContext, userId: string): Promise<SavedAddress[]> {
  const stored = await ctx.cache.get(addressesKey(userId), ctx.cacheTtlSeconds, () =>
    listAddresses(ctx.db, userId),
  );
  return stored.map((address) => toSavedAddress(ctx, address));
}

export async function addAddress(ctx: UserContext, userId: string, input: NewAddress): Promise<SavedAddress> {
  const { isDefaultShipping, isDefaultBilling, ...address } = input;
  const id = randomUUID();
  const stored = await ctx.db.transaction(async (tx) => {
    await lockOwner(tx, userId);
    const count = await countAddresses(tx, userId);
    if (count >= MAX_ADDRESSES) {
      throw problems.conflict(
        `An address book holds at most ${MAX_ADDRESSES} addresses.`,
        'address-limit-reached',
      );
    }
    // The first address is where things go until the user says otherwise.
    const defaults = {
      isDefaultShipping: isDefaultShipping ?? count === 0,
      isDefaultBilling: isDefaultBilling ?? count === 0,
    };
    await clearDefaults(tx, userId, {
      shipping: defaults.isDefaultShipping,
      billing: defaults.isDefaultBilling,
    });
    return insertAddress(tx, id, userId, sealFields(ctx, id, address, defaults));
  });
  await ctx.cache.invalidate(addressesKey(userId));
  return toSavedAddress(ctx, stored);
}

export async function editAddress(
  ctx: UserContext,
  userId: string,
  addressId: string,
  patch: AddressPatch,
): Promise<SavedAddress> {
  const stored = await ctx.db.transaction(async (tx) => {
    await lockOwner(tx, userId);
    const current = await findAddress(tx, userId, addressId);
    if (!current) throw problems.notFound('The address');
    const { isDefaultShipping, isDefaultBilling, ...changes } = patch;
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      isDefaultShipping: _s,
      isDefaultBilling: _b,
      ...plain
    } = toSavedAddress(ctx, current);
    // null clears an optional field; absent leaves it.
    const merged = Object.fromEntries(
      Object.entries({ ...plain, ...changes }).filter(([, value]) => value !== null && value !== undefined),
    ) as Address;
    const defaults = {
      isDefaultShipping: isDefaultShipping ?? current.isDefaultShipping,
      isDefaultBilling: isDefaultBilling ?? current.isDefaultBilling,
    };
    await clearDefaults(tx, userId, {
      shipping: isDefaultShipping === true,
      billing: isDefaultBilling === true,
    });
    return replaceAddress(tx, addressId, userId, sealFields(ctx, addressId, merged, defaults));
  });
  await ctx.cache.invalidate(addressesKey(userId));
  if (!stored) throw problems.notFound('The address');
  return toSavedAddress(ctx, stored);
}

export async function removeAddress(ctx: UserContext, userId: string, addressId: string): Promise<void> {
  const deleted = await deleteAddress(ctx.db, userId, addressId);
  await ctx.cache.invalidate(addressesKey(userId));
  if (!deleted) throw problems.notFound('The address');
}
