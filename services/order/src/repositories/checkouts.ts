// SQL for placing an order: what a checkout needs to know before it calls the product service
// (one read), and the placement itself (one statement): the Idempotency-Key's claim, the cart's
// claim (one live checkout per cart, migration 0003), the order with its quote and its first
// transition, the saga (with this process's lease) and the order.placed event.
import type { Quote } from '@emporium/contracts/pricing';
import { outboxInsert, type SqlExecutor, type StagedEvents, sql } from '@emporium/platform';
import type { CartLine, CartRecord } from './carts.js';
import type { NewOrder } from './orders.js';
import type { SagaContext } from './sagas.js';

/** A checkout request already taken under an Idempotency-Key: the hash of its body and its order. */
export interface CheckoutRequest {
  requestHash: string;
  orderId: string;
}

export interface CheckoutStart {
  /** The order an earlier request with this Idempotency-Key placed. */
  request?: CheckoutRequest;
  cart?: CartRecord;
  /** The order already checking out (or checked out) this cart, under another key. */
  cartClaimedBy?: string;
  lines: CartLine[];
  /** Allocated only for a new checkout of an open cart with lines. */
  orderNumber?: string;
}

export interface Placement {
  /** The cart's revision the lines were read at: the placement needs the cart unchanged since. */
  cartRevision: number;
  idempotencyKey: string;
  requestHash: string;
  order: NewOrder;
  /** The pricing service's quote the totals come from, stored with the order as it was given. */
  quote: Quote;
  reason: string;
  actor: string;
  saga: { context: SagaContext; owner: string; leaseMs: number };
  events: StagedEvents;
}

// The order number is drawn here, not in the placement, because order.placed carries it and the
// events are staged before the placement runs. Sequences never promised numbers without gaps.
const checkoutStartStatement = (
  idempotencyKey: string,
  cartId: string,
) => sql`select r.request_hash, r.order_id, c.id, c.user_id, c.status, c.revision,
    k.order_id as claimed_by,
    coalesce((select jsonb_agg(jsonb_build_object('sku', l.sku, 'quantity', l.quantity,
                 'seenUnitPrice', l.seen_unit_price, 'currency', l.currency) order by l.added_at, l.sku)
              from cart_lines l where l.cart_id = c.id), '[]'::jsonb) as lines,
    case when r.order_id is null and k.order_id is null and c.status = 'active'
        and exists (select from cart_lines where cart_id = c.id)
      then 'EM-' || nextval('order_numbers') end as order_number
  from (values (1)) as one(x)
  left join checkout_requests r on r.idempotency_key = ${idempotencyKey}
  left join carts c on c.id = ${cartId}
  left join cart_checkouts k on k.cart_id = c.id`;

// Everything selects from `cart`: the cart row, locked, and only while it is still active and at
// the revision the checkout read its lines at. A line change holds the same lock (cart-service.ts)
// and bumps the revision, so it either commits first (then nothing is placed) or waits for the
// placement and then finds the cart claimed. Concurrent placements queue on that lock; the second
// one fails with a unique violation, on the Idempotency-Key (same key) or on the cart's claim
// (another key), and nothing of it is written. The events are written only with the order.
function placementStatement(p: Placement) {
  const { order } = p;
  return sql`with cart as (
    select id from carts where id = ${order.cartId}::uuid and status = 'active' and revision = ${p.cartRevision}
    for update),
  claimed as (
    insert into checkout_requests (idempotency_key, request_hash, order_id)
    select ${p.idempotencyKey}::text, ${p.requestHash}::text, ${order.id}::uuid from cart
    returning order_id),
  cart_claim as (
    insert into cart_checkouts (cart_id, order_id) select ${order.cartId}::uuid, order_id from claimed
    returning order_id),
  placed as (
    insert into orders (id, order_number, user_id, cart_id, email, status, currency, lines, shipping_address,
      billing_address, shipping_method, subtotal, shipping, tax, total, quote, discount)
    select order_id, ${order.orderNumber}::text, ${order.userId}::text, ${order.cartId}::uuid, ${order.email}::text,
      'pending', ${order.currency}::text, ${JSON.stringify(order.lines)}::jsonb,
      ${JSON.stringify(order.shippingAddress)}::jsonb, ${JSON.stringify(order.billingAddress)}::jsonb,
      ${order.shippingMethod}::text, ${order.subtotal}::bigint, ${order.shipping}::bigint, ${order.tax}::bigint,
      ${order.total}::bigint, ${JSON.stringify(p.quote)}::jsonb, ${order.discount}::bigint
    from cart_claim
    returning id),
  logged as (
    insert into order_transitions (order_id, from_status, to_status, reason, actor)
    select id, null, 'pending', ${p.reason}::text, ${p.actor}::text from placed),
  saga as (
    insert into checkout_sagas (order_id, status, context, lease_owner, lease_until, taken)
    select id, 'running', ${JSON.stringify(p.saga.context)}::jsonb, ${p.saga.owner}::text,
      now() + make_interval(secs => ${p.saga.leaseMs / 1000}), '{}' from placed),
  events as (${outboxInsert(p.events.json, { onlyIfRowIn: 'placed' })})
  select now() as at, exists (select from placed) as placed`;
}

/** What checkoutStartStatement reads: every column is null where its left join found nothing. */
interface CheckoutStartRow {
  request_hash: string | null;
  order_id: string | null;
  id: string | null;
  user_id: string | null;
  status: CartRecord['status'] | null;
  revision: number | null;
  claimed_by: string | null;
  lines: CartLine[];
  order_number: string | null;
}

/** Why a placement wrote nothing. */
export type NotPlaced =
  /** A concurrent request with the same Idempotency-Key placed its order first. */
  | 'key-taken'
  /** Another checkout of the cart holds its claim. */
  | 'cart-claimed'
  /** The cart's lines changed, or it was closed, since the checkout read it. */
  | 'cart-changed';

export const checkoutsRepository = {
  async start(tx: SqlExecutor, idempotencyKey: string, cartId: string): Promise<CheckoutStart> {
    const { rows } = await tx.query<CheckoutStartRow>(checkoutStartStatement(idempotencyKey, cartId), {
      prepare: true,
    });
    const row = rows[0]!;
    return {
      ...(row.order_id ? { request: { requestHash: row.request_hash!, orderId: row.order_id } } : {}),
      ...(row.id
        ? { cart: { id: row.id, userId: row.user_id, status: row.status!, revision: row.revision! } }
        : {}),
      ...(row.claimed_by ? { cartClaimedBy: row.claimed_by } : {}),
      lines: row.lines,
      ...(row.order_number ? { orderNumber: row.order_number } : {}),
    };
  },

  /** The order an Idempotency-Key placed, if any. */
  async request(tx: SqlExecutor, idempotencyKey: string): Promise<CheckoutRequest | undefined> {
    const { rows } = await tx.query<{ request_hash: string; order_id: string }>(
      sql`select request_hash, order_id from checkout_requests where idempotency_key = ${idempotencyKey}`,
    );
    return rows[0] && { requestHash: rows[0].request_hash, orderId: rows[0].order_id };
  },

  /** Places the order, or writes nothing and says why. */
  async place(
    tx: SqlExecutor,
    p: Placement,
  ): Promise<{ placed: true; at: Date } | { placed: false; why: NotPlaced }> {
    try {
      const { rows } = await tx.query<{ at: Date; placed: boolean }>(placementStatement(p), {
        prepare: true,
      });
      const row = rows[0]!;
      return row.placed ? { placed: true, at: row.at } : { placed: false, why: 'cart-changed' };
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === '23505' && constraint === 'checkout_requests_pkey')
        return { placed: false, why: 'key-taken' };
      if (code === '23505' && constraint === 'cart_checkouts_pkey')
        return { placed: false, why: 'cart-claimed' };
      throw error;
    }
  },
};
