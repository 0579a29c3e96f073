// One broken invariant: which, about what entity, in words, and the entities whose history
// explains it (order:<id>, cart:<id>, sku:<sku>).
export interface Violation {
  invariant: string;
  entity: string;
  message: string;
  refs: string[];
}

/** Orders the checkout saga has delivered to the shopper: stock sold, payment taken. */
export const PAID_STATUSES = new Set(['confirmed', 'shipped', 'delivered', 'refunded']);

/** Payment statuses that mean money was taken (some may have been given back since). */
export const CAPTURED_STATUSES = new Set(['captured', 'partially_refunded', 'refunded']);

export function sumBy<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => number) {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item));
  return sums;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
