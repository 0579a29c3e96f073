// What the quote engine knows of a price list: enough to decide, per line, whether it applies to
// this shopper now and at what price (ADR 0017). Amounts are minor units of the entry's currency.

export type PriceListType = 'sale' | 'override';

export interface PriceListEntryRule {
  sku: string;
  currency: string;
  /** The entry prices lines of at least this many units. */
  minQuantity: number;
  amount: number;
}

export interface PriceListRule {
  id: string;
  name: string;
  type: PriceListType;
  status: 'active' | 'draft';
  startsAt?: Date;
  endsAt?: Date;
  /** Empty: the list is for everyone. */
  groupIds: string[];
  entries: PriceListEntryRule[];
}

/** Who is asking and when: the customer's groups (none for a guest). */
export interface PriceShopper {
  groupIds: ReadonlySet<string>;
  now: Date;
}

/** The price list that set a quoted line's unit price. */
export interface LinePriceList {
  id: string;
  name: string;
  type: PriceListType;
}
