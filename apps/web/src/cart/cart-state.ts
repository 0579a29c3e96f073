// The cart's rules on the client, kept pure so they can be tested alone: which cart this browser
// holds, what to do with it when someone signs in or out, and the notices a shopper must see.
import type { Cart, CartLine } from '@emporium/api-client';

/** The cart this browser works on, and whose it is (null: a guest's). */
export interface CartRef {
  cartId: string;
  userId: string | null;
}

const KEY = 'emporium.cart';

export function readCartRef(storage: Pick<Storage, 'getItem'>): CartRef | null {
  try {
    const ref = JSON.parse(storage.getItem(KEY) ?? 'null') as CartRef | null;
    return ref && typeof ref.cartId === 'string' ? ref : null;
  } catch {
    return null;
  }
}

export function writeCartRef(storage: Pick<Storage, 'setItem' | 'removeItem'>, ref: CartRef | null): void {
  if (ref) storage.setItem(KEY, JSON.stringify(ref));
  else storage.removeItem(KEY);
}

/**
 * What a change of signed-in user means for the held cart: a guest cart joins the account's cart
 * at sign-in; another account's cart is never shown (sign-out or a switch of account).
 */
export function onUserChange(ref: CartRef | null, userId: string | null): 'keep' | 'merge' | 'drop' {
  if (!ref) return 'keep';
  if (ref.userId === userId) return 'keep';
  if (ref.userId === null && userId !== null) return 'merge';
  return 'drop';
}

/**
 * The cart says each price move and each vanished item once (in `notices` and `priceChange`);
 * the shopper must keep seeing them until dismissed, across later reads that no longer carry them.
 */
export function rememberNotices(previous: string[], cart: Cart): string[] {
  const fresh = cart.notices.filter((notice) => !previous.includes(notice));
  return fresh.length > 0 ? [...previous, ...fresh] : previous;
}

export type PriceChanges = Record<string, NonNullable<CartLine['priceChange']>>;

export function rememberPriceChanges(previous: PriceChanges, cart: Cart): PriceChanges {
  const next: PriceChanges = {};
  for (const line of cart.lines) {
    const change = line.priceChange ?? previous[line.sku];
    if (change) next[line.sku] = change;
  }
  const same =
    Object.keys(next).length === Object.keys(previous).length &&
    Object.keys(next).every((sku) => next[sku] === previous[sku]);
  return same ? previous : next;
}

export function itemCount(cart: Cart | null | undefined): number {
  return cart?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
}

/** Whether the cart can go to checkout, and if not, why (in words for the shopper). */
export function checkoutReadiness(
  cart: Cart | null | undefined,
): { ready: true } | { ready: false; reason: string } {
  if (!cart || cart.lines.length === 0) return { ready: false, reason: 'Your cart is empty.' };
  const unavailable = cart.lines.filter((line) => line.availability === 'unavailable');
  if (unavailable.length > 0) {
    return {
      ready: false,
      reason: `${unavailable.map((l) => l.title).join(', ')} ${unavailable.length === 1 ? 'is' : 'are'} no longer sold; remove ${unavailable.length === 1 ? 'it' : 'them'} to check out.`,
    };
  }
  const unsold = cart.lines.filter((line) => line.availability === 'not_sold_in_currency');
  if (unsold.length > 0) {
    return {
      ready: false,
      reason: `${unsold.map((l) => l.title).join(', ')} ${unsold.length === 1 ? 'is' : 'are'} not sold in your region; remove ${unsold.length === 1 ? 'it' : 'them'} or choose another region to check out.`,
    };
  }
  const short = cart.lines.filter((line) => line.availability === 'insufficient_stock');
  if (short.length > 0) {
    return {
      ready: false,
      reason: short
        .map((l) => `Only ${l.available} of ${l.title} left; lower the quantity to check out.`)
        .join(' '),
    };
  }
  return { ready: true };
}
