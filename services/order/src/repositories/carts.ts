// SQL for carts and their lines.
import { type SqlExecutor, sql } from '@emporium/platform';

export interface CartRecord {
  id: string;
  userId: string | null;
  status: 'active' | 'merged' | 'converted';
  /** Bumped by every change of the lines: checkout places an order only at the revision it read. */
  revision: number;
}

export interface CartLine {
  sku: string;
  quantity: number;
  /** The unit price the shopper was last shown, in `currency`. */
  seenUnitPrice: number;
  currency: string;
}

const CART_COLUMNS = sql.raw('id, user_id as "userId", status, revision');
const LINE_COLUMNS = sql.raw('sku, quantity, seen_unit_price as "seenUnitPrice", currency');

export const cartsRepository = {
  async create(tx: SqlExecutor, id: string, userId: string | null): Promise<CartRecord> {
    const { rows } = await tx.query<CartRecord>(
      sql`insert into carts (id, user_id) values (${id}, ${userId}) returning ${CART_COLUMNS}`,
    );
    return rows[0]!;
  },

  async find(tx: SqlExecutor, id: string, forUpdate = false): Promise<CartRecord | undefined> {
    const { rows } = await tx.query<CartRecord>(
      sql`select ${CART_COLUMNS} from carts where id = ${id}${forUpdate ? sql` for update` : sql.empty}`,
      { prepare: true },
    );
    return rows[0];
  },

  async activeOfUser(tx: SqlExecutor, userId: string): Promise<CartRecord | undefined> {
    const { rows } = await tx.query<CartRecord>(
      sql`select ${CART_COLUMNS} from carts where user_id = ${userId} and status = 'active'`,
    );
    return rows[0];
  },

  async lines(tx: SqlExecutor, cartId: string): Promise<CartLine[]> {
    const { rows } = await tx.query<CartLine>(
      sql`select ${LINE_COLUMNS} from cart_lines
          where cart_id = ${cartId} order by added_at, sku`,
      { prepare: true },
    );
    return rows;
  },

  /** Adds quantity to a line (creating it), capped at 999; records the price the shopper saw. */
  async addToLine(tx: SqlExecutor, cartId: string, line: CartLine): Promise<void> {
    await tx.query(
      sql`insert into cart_lines (cart_id, sku, quantity, seen_unit_price, currency)
          values (${cartId}, ${line.sku}, ${line.quantity}, ${line.seenUnitPrice}, ${line.currency})
          on conflict (cart_id, sku) do update set
            quantity = least(cart_lines.quantity + excluded.quantity, 999),
            seen_unit_price = excluded.seen_unit_price, currency = excluded.currency`,
    );
    await this.touch(tx, cartId);
  },

  async setLine(tx: SqlExecutor, cartId: string, line: CartLine): Promise<boolean> {
    const { rowCount } = await tx.query(
      sql`update cart_lines set quantity = ${line.quantity}, seen_unit_price = ${line.seenUnitPrice},
            currency = ${line.currency}
          where cart_id = ${cartId} and sku = ${line.sku}`,
    );
    await this.touch(tx, cartId);
    return rowCount > 0;
  },

  async removeLine(tx: SqlExecutor, cartId: string, sku: string): Promise<boolean> {
    const { rowCount } = await tx.query(
      sql`delete from cart_lines where cart_id = ${cartId} and sku = ${sku}`,
    );
    await this.touch(tx, cartId);
    return rowCount > 0;
  },

  /** Records the prices, in `currency`, the shopper was just shown. */
  async markSeen(
    tx: SqlExecutor,
    cartId: string,
    currency: string,
    prices: { sku: string; unitPrice: number }[],
  ): Promise<void> {
    if (prices.length === 0) return;
    const skus = prices.map((p) => p.sku);
    const unitPrices = prices.map((p) => p.unitPrice);
    await tx.query(
      sql`update cart_lines l set seen_unit_price = p.price, currency = ${currency}
          from unnest(${skus}::text[], ${unitPrices}::bigint[]) as p(sku, price)
          where l.cart_id = ${cartId} and l.sku = p.sku`,
    );
  },

  async setStatus(tx: SqlExecutor, cartId: string, status: CartRecord['status']): Promise<void> {
    await tx.query(sql`update carts set status = ${status}, updated_at = now() where id = ${cartId}`, {
      prepare: true,
    });
  },

  /** Records a change of the cart's lines. */
  async touch(tx: SqlExecutor, cartId: string): Promise<void> {
    await tx.query(sql`update carts set updated_at = now(), revision = revision + 1 where id = ${cartId}`);
  },

  /**
   * The order checking out the cart, if one holds its claim. Read with a statement of its own after
   * the cart's row lock: a placement that held the lock has committed by then, and this sees it.
   */
  async checkoutOf(tx: SqlExecutor, cartId: string): Promise<string | undefined> {
    const { rows } = await tx.query<{ order_id: string }>(
      sql`select order_id from cart_checkouts where cart_id = ${cartId}`,
      { prepare: true },
    );
    return rows[0]?.order_id;
  },
};
