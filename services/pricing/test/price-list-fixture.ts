// The price lists the price-list tests share (ADR 0017), so the engine's hand-computed cases, the
// quotes on the real service and the product page's prices all check one set of lists: a trade
// group's override with quantity tiers, a sale for everyone, lists out of their dates and a draft.
import { expect } from 'vitest';
import type { PriceListRule } from '../src/price-lists/model.js';
import type { PricingHarness } from './harness.js';

export type GroupKey = 'trade' | 'other';
export type ListKey = 'trade' | 'tradeBulk' | 'sale' | 'nextYear' | 'lastYear' | 'draft';

interface FixtureList {
  name: string;
  type: 'sale' | 'override';
  status: 'active' | 'draft';
  startsAt?: string;
  endsAt?: string;
  groups: GroupKey[];
  entries: { sku: string; currency: string; amount: number; minQuantity?: number }[];
}

export const PRICE_LISTS: Record<ListKey, FixtureList> = {
  trade: {
    name: 'Trade',
    type: 'override',
    status: 'active',
    groups: ['trade'],
    entries: [
      { sku: 'MUG', currency: 'EUR', amount: 900 },
      { sku: 'MUG', currency: 'EUR', amount: 800, minQuantity: 10 },
      { sku: 'MUG', currency: 'EUR', amount: 700, minQuantity: 50 },
      { sku: 'MUG', currency: 'USD', amount: 850 },
    ],
  },
  // A tier above the trade list's 10-unit price: the trade list stays lower from 20 units on, so
  // neither a quote nor the product page ever uses it.
  tradeBulk: {
    name: 'Trade bulk',
    type: 'override',
    status: 'active',
    groups: ['trade'],
    entries: [{ sku: 'MUG', currency: 'EUR', amount: 850, minQuantity: 20 }],
  },
  sale: {
    name: 'Sale',
    type: 'sale',
    status: 'active',
    groups: [],
    entries: [
      { sku: 'MUG', currency: 'EUR', amount: 950 },
      { sku: 'HAT', currency: 'EUR', amount: 1500 },
      { sku: 'HAT', currency: 'USD', amount: 1700 },
    ],
  },
  nextYear: {
    name: 'Next year',
    type: 'sale',
    status: 'active',
    startsAt: '2100-01-01T00:00:00.000Z',
    groups: [],
    entries: [{ sku: 'MUG', currency: 'EUR', amount: 500 }],
  },
  lastYear: {
    name: 'Last year',
    type: 'sale',
    status: 'active',
    endsAt: '2001-01-01T00:00:00.000Z',
    groups: [],
    entries: [{ sku: 'MUG', currency: 'EUR', amount: 400 }],
  },
  draft: {
    name: 'Draft',
    type: 'sale',
    status: 'draft',
    groups: [],
    entries: [{ sku: 'MUG', currency: 'EUR', amount: 300 }],
  },
};

const LIST_KEYS = Object.keys(PRICE_LISTS) as ListKey[];

/** The lists as the quote engine gets them: each id is its key, each group id its group's key. */
export const priceListRules = (): PriceListRule[] =>
  LIST_KEYS.map((key) => {
    const { startsAt, endsAt, groups, entries, ...fields } = PRICE_LISTS[key];
    return {
      id: key,
      ...fields,
      ...(startsAt && { startsAt: new Date(startsAt) }),
      ...(endsAt && { endsAt: new Date(endsAt) }),
      groupIds: groups,
      entries: entries.map((entry) => ({ minQuantity: 1, ...entry })),
    };
  });

export interface SeededPriceLists {
  /** The list ids the service gave each fixture list. */
  listIds: Record<ListKey, string>;
  groupIds: Record<GroupKey, string>;
}

/** Creates the groups (with these members) and the lists through the admin API. */
export async function seedPriceLists(
  pricing: PricingHarness,
  members: Partial<Record<GroupKey, string[]>>,
): Promise<SeededPriceLists> {
  const admin = async (method: 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await pricing.request(method, url, { token: pricing.admin, ...(payload && { payload }) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const groupIds = {} as Record<GroupKey, string>;
  for (const [key, name] of [
    ['trade', 'Trade'],
    ['other', 'Other'],
  ] as const) {
    groupIds[key] = (await admin('POST', '/admin/customer-groups', { name })).id;
    for (const member of members[key] ?? []) {
      await admin('PUT', `/admin/customer-groups/${groupIds[key]}/members/${member}`);
    }
  }
  const listIds = {} as Record<ListKey, string>;
  for (const key of LIST_KEYS) {
    const { groups, ...body } = PRICE_LISTS[key];
    listIds[key] = (
      await admin('POST', '/admin/price-lists', { ...body, customerGroupIds: groups.map((g) => groupIds[g]) })
    ).id;
  }
  return { listIds, groupIds };
}
