// SQL for placing an order: what a checkout needs to know before it calls the product service
// (one read), and the placement itself (one statement): the Idempotency-Key's claim, the order and
// its first transition, the saga (with this process's lease) and the order.placed event.
import { outboxInsertSql, type SqlExecutor, type StagedEvents } from '@emporium/platform';
import type { CartLineRow, CartRow } from './carts.js';
import type { NewOrder } from './orders.js';
import type { SagaContext } from './sagas.js';

export interface CheckoutRequest {
  request_hash: string;
  order_id: string;
}

export interface CheckoutStart {
  /** The order an earlier request with this Idempotency-Key placed. */
  request?: CheckoutRequest;
  cart?: CartRow;
  lines: CartLineRow[];
  /** Allocated only for a new checkout of an open cart with lines. */
  orderNumber?: string;
}

export interface Placement {
  idempotencyKey: string;
  requestHash: string;
  order: NewOrder & { order_number: string };
  reason: string;
  actor: string;
  saga: { context: SagaContext; owner: string; leaseMs: number };
  events: StagedEvents;
}

// The order number is drawn here, not in the placement, because order.placed carries it and the
// events are staged before the placement runs. Sequences never promised numbers without gaps.
const START = `select r.request_hash, r.order_id, c.id, c.user_id, c.status,
    coalesce((select jsonb_agg(jsonb_build_object('sku', l.sku, 'quantity', l.quantity,
                 'seen_unit_price', l.seen_unit_price, 'currency', l.currency) order by l.added_at, l.sku)
              from cart_lines l where l.cart_id = c.id), '[]'::jsonb) as lines,
    case when r.order_id is null and c.status = 'active' and exists (select from cart_lines where cart_id = c.id)
      then 'EM-' || nextval('order_numbers') end as order_number
  from (values (1)) as one(x)
  left join checkout_requests r on r.idempotency_key = $1
  left join carts c on c.id = $2`;

// Everything selects from `claimed`; a concurrent request with the same key waits on the key's
// unique index until the first commits, then fails with a unique violation: nothing of it is written.
const PLACE = `with claimed as (
    insert into checkout_requests (idempotency_key, request_hash, order_id) values ($1, $2, $3)
    returning order_id),
  placed as (
    insert into orders (id, order_number, user_id, cart_id, email, status, currency, lines, shipping_address,
      billing_address, shipping_method, subtotal, shipping, tax, total)
    select order_id, $4::text, $5::text, $6::uuid, $7::text, 'pending', $8::text, $9::jsonb, $10::jsonb,
      $11::jsonb, $12::text, $13::bigint, $14::bigint, $15::bigint, $16::bigint
    from claimed
    returning id),
  logged as (
    insert into order_transitions (order_id, from_status, to_status, reason, actor)
    select id, null, 'pending', $17::text, $18::text from placed),
  saga as (
    insert into checkout_sagas (order_id, status, context, lease_owner, lease_until)
    select id, 'running', $19::jsonb, $20::text, now() + make_interval(secs => $21) from placed),
  events as (${outboxInsertSql(22)})
  select now() as at`;

export const checkoutsRepository = {
  async start(tx: SqlExecutor, idempotencyKey: string, cartId: string): Promise<CheckoutStart> {
    const { rows } = await tx.query<
      Partial<CheckoutRequest> &
        Partial<CartRow> & { id: string | null; lines: CartLineRow[]; order_number: string | null }
    >(START, [idempotencyKey, cartId], { prepare: true });
    const row = rows[0]!;
    return {
      ...(row.order_id ? { request: { request_hash: row.request_hash!, order_id: row.order_id } } : {}),
      ...(row.id ? { cart: { id: row.id, user_id: row.user_id ?? null, status: row.status! } } : {}),
      lines: row.lines,
      ...(row.order_number ? { orderNumber: row.order_number } : {}),
    };
  },

  /** The order an Idempotency-Key placed, if any. */
  async request(tx: SqlExecutor, idempotencyKey: string): Promise<CheckoutRequest | undefined> {
    const { rows } = await tx.query<CheckoutRequest>(
      'select request_hash, order_id from checkout_requests where idempotency_key = $1',
      [idempotencyKey],
    );
    return rows[0];
  },

  /** Places the order; `placed: false` (nothing written) if the Idempotency-Key was claimed first. */
  async place(tx: SqlExecutor, p: Placement): Promise<{ placed: true; at: Date } | { placed: false }> {
    const { order } = p;
    try {
      const { rows } = await tx.query<{ at: Date }>(
        PLACE,
        [
          p.idempotencyKey,
          p.requestHash,
          order.id,
          order.order_number,
          order.user_id,
          order.cart_id,
          order.email,
          order.currency,
          JSON.stringify(order.lines),
          JSON.stringify(order.shipping_address),
          JSON.stringify(order.billing_address),
          order.shipping_method,
          order.subtotal,
          order.shipping,
          order.tax,
          order.total,
          p.reason,
          p.actor,
          JSON.stringify(p.saga.context),
          p.saga.owner,
          p.saga.leaseMs / 1000,
          p.events.json,
        ],
        { prepare: true },
      );
      return { placed: true, at: rows[0]!.at };
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === '23505' && constraint === 'checkout_requests_pkey') return { placed: false };
      throw error;
    }
  },
};
