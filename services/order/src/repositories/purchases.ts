// Past purchases read from the orders: each (order, product) of an account's order that went
// through, in placement order. Read-only; nothing here takes a lock.
import { type SqlExecutor, sql } from '@emporium/platform';

/**
 * The statuses of an order its buyer bought from: confirmed and every status after it except
 * cancelled, the same rule the order events give (order.confirmed makes a purchase, only
 * order.cancelled takes it back; a refund does not).
 */
export const PURCHASED_STATUSES = ['confirmed', 'shipped', 'delivered', 'refunded'] as const;

/** A place in the list: the last purchase seen, by the list's order. */
export interface PurchasePosition {
  placedAt: string;
  orderId: string;
  productId: string;
}

export interface StoredPurchase extends PurchasePosition {
  customerId: string;
}

export const purchasesRepository = {
  async list(tx: SqlExecutor, page: { after?: PurchasePosition; limit: number }): Promise<StoredPurchase[]> {
    const after = page.after
      ? sql`and (o.created_at, o.id, bought.product_id) >
              (${page.after.placedAt}::timestamptz, ${page.after.orderId}::uuid, ${page.after.productId}::text)`
      : sql.empty;
    // placed_at is written out to the microsecond: a cursor made from a millisecond Date would
    // fall before rows of the same millisecond and list them again.
    const { rows } = await tx.query<StoredPurchase>(
      sql`select o.id as "orderId", o.user_id as "customerId", bought.product_id as "productId",
                 to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "placedAt"
          from orders o
          cross join lateral (
            select distinct line->>'productId' as product_id
            from jsonb_array_elements(o.lines) as line
            where line->>'productId' is not null
          ) as bought
          where o.user_id is not null
            and o.status = any(${[...PURCHASED_STATUSES]}::text[])
            ${after}
          order by o.created_at, o.id, bought.product_id
          limit ${page.limit}`,
    );
    return rows;
  },
};
