// SQL for carts and their lines.
import type { SqlExecutor } from '@emporium/platform';

export interface CartRow {
  id: string;
  user_id: string | null;
  status: 'active' | 'merged' | 'converted';
  /** Bumped by every change of the lines: checkout places an order only at the revision it read. */
  revision: number;
}

export interface CartLineRow {
  sku: string;
  quantity: number;
  seen_unit_price: number;
  currency: string;
}

export const cartsRepository = {
  async create(tx: SqlExecutor, id: string, userId: string | null): Promise<CartRow> {
    const { rows } = await tx.query<CartRow>(
      'insert into carts (id, user_id) values ($1, $2) returning id, user_id, status, revision',
      [id, userId],
    );
    return rows[0]!;
  },

  async find(tx: SqlExecutor, id: string, forUpdate = false): Promise<CartRow | undefined> {
    const { rows } = await tx.query<CartRow>(
      `select id, user_id, status, revision from carts where id = $1${forUpdate ? ' for update' : ''}`,
      [id],
      { prepare: true },
    );
    return rows[0];
  },

  async activeOfUser(tx: SqlExecutor, userId: string): Promise<CartRow | undefined> {
    const { rows } = await tx.query<CartRow>(
      `select id, user_id, status, revision from carts where user_id = $1 and status = 'active'`,
      [userId],
    );
    return rows[0];
  },

  async lines(tx: SqlExecutor, cartId: string): Promise<CartLineRow[]> {
    const { rows } = await tx.query<CartLineRow>(
      'select sku, quantity, seen_unit_price, currency from cart_lines where cart_id = $1 order by added_at, sku',
      [cartId],
      { prepare: true },
    );
    return rows;
  },

  /** Adds quantity to a line (creating it), capped at 999; records the price the shopper saw. */
  async addToLine(tx: SqlExecutor, cartId: string, line: CartLineRow): Promise<void> {
    await tx.query(
      `insert into cart_lines (cart_id, sku, quantity, seen_unit_price, currency) values ($1, $2, $3, $4, $5)
       on conflict (cart_id, sku) do update set
         quantity = least(cart_lines.quantity + excluded.quantity, 999),
         seen_unit_price = excluded.seen_unit_price, currency = excluded.currency`,
      [cartId, line.sku, line.quantity, line.seen_unit_price, line.currency],
    );
    await this.touch(tx, cartId);
  },

  async setLine(tx: SqlExecutor, cartId: string, line: CartLineRow): Promise<boolean> {
    const { rowCount } = await tx.query(
      `update cart_lines set quantity = $3, seen_unit_price = $4, currency = $5 where cart_id = $1 and sku = $2`,
      [cartId, line.sku, line.quantity, line.seen_unit_price, line.currency],
    );
    await this.touch(tx, cartId);
    return rowCount > 0;
  },

  async removeLine(tx: SqlExecutor, cartId: string, sku: string): Promise<boolean> {
    const { rowCount } = await tx.query('delete from cart_lines where cart_id = $1 and sku = $2', [
      cartId,
      sku,
    ]);
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
    await tx.query(
      `update cart_lines l set seen_unit_price = p.price, currency = $4
       from unnest($2::text[], $3::bigint[]) as p(sku, price)
       where l.cart_id = $1 and l.sku = p.sku`,
      [cartId, prices.map((p) => p.sku), prices.map((p) => p.unitPrice), currency],
    );
  },

  async setStatus(tx: SqlExecutor, cartId: string, status: CartRow['status']): Promise<void> {
    await tx.query('update carts set status = $2, updated_at = now() where id = $1', [cartId, status], {
      prepare: true,
    });
  },

  /** Records a change of the cart's lines. */
  async touch(tx: SqlExecutor, cartId: string): Promise<void> {
    await tx.query('update carts set updated_at = now(), revision = revision + 1 where id = $1', [cartId]);
  },

  /**
   * The order checking out the cart, if one holds its claim. Read with a statement of its own after
   * the cart's row lock: a placement that held the lock has committed by then, and this sees it.
   */
  async checkoutOf(tx: SqlExecutor, cartId: string): Promise<string | undefined> {
    const { rows } = await tx.query<{ order_id: string }>(
      'select order_id from cart_checkouts where cart_id = $1',
      [cartId],
      { prepare: true },
    );
    return rows[0]?.order_id;
  },
};
