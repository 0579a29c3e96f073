// Reads the snapshot from the services' own databases (order, payment, product stock and
// notification), with the schemas of services/*/migrations.
import pg from 'pg';
import type { InFlight, Snapshot, StockFacts } from './snapshot.js';

export interface StoreUrls {
  order: string;
  payment: string;
  product: string;
  notification: string;
}

const int = (value: unknown) => Number(value);

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A SKU's totals, and its holds summed over the stock locations they are taken from. */
export async function readStock(url: string): Promise<StockFacts[]> {
  const rows = await query<{
    sku: string;
    available: number;
    reserved: number;
    holds: Record<string, number>;
  }>(
    url,
    `select s.sku, s.available, s.reserved,
     coalesce((select jsonb_object_agg(h.key, h.units) from (
       select key, sum(value::int)::int as units from location_stock ls, jsonb_each_text(ls.holds)
       where ls.sku = s.sku group by key) h), '{}') as holds
   from stock s order by s.sku`,
  );
  return rows.map((row) => ({
    sku: row.sku,
    available: row.available,
    reserved: row.reserved,
    holds: row.holds,
  }));
}

export async function readInFlight(urls: StoreUrls): Promise<InFlight> {
  const count = async (url: string, sql: string) => int((await query<{ n: string }>(url, sql))[0]?.n ?? 0);
  const [checkoutsRunning, ...outboxes] = await Promise.all([
    count(urls.order, `select count(*) as n from checkout_sagas where status in ('running', 'compensating')`),
    count(urls.order, 'select count(*) as n from event_outbox'),
    count(urls.payment, 'select count(*) as n from event_outbox'),
    count(urls.product, 'select count(*) as n from event_outbox'),
  ]);
  const refundsPending =
    (await count(urls.order, `select count(*) as n from order_refunds where status = 'pending'`)) +
    (await count(urls.payment, `select count(*) as n from refunds where status = 'pending'`));
  const deliveriesQueued = await count(
    urls.notification,
    `select count(*) as n from deliveries where status in ('pending', 'sending')`,
  );
  return {
    checkoutsRunning,
    outboxRows: outboxes.reduce((a, b) => a + b, 0),
    deliveriesQueued,
    refundsPending,
  };
}

export async function readSnapshot(urls: StoreUrls): Promise<Snapshot> {
  const [
    orders,
    returns,
    transitions,
    payments,
    refunds,
    charges,
    stock,
    reservations,
    deliveries,
    mails,
    inFlight,
  ] = await Promise.all([
    query<Record<string, unknown>>(
      urls.order,
      'select id, cart_id, email, status, total, refunded, payment_id, lines from orders',
    ),
    query<Record<string, unknown>>(
      urls.order,
      `select r.id, r.order_id, r.kind, r.status, coalesce(r.difference, 0) as difference, r.charge_payment_id,
           r.replacement_sku, r.replacement_reservation_id,
           case when r.status = 'refunded' then
             (select coalesce(sum((c->>'amount')::bigint), 0) from jsonb_array_elements(r.charge_refunds) c)
           else 0 end as charge_refunded,
           (select jsonb_agg(jsonb_build_object('sku', l.sku, 'quantity', l.quantity, 'restocked', l.restocked))
            from order_return_lines l where l.return_id = r.id) as lines
         from order_returns r`,
    ),
    query<Record<string, unknown>>(
      urls.order,
      // Status changes only: timeline lines that name an event (a shipment) keep the status.
      'select order_id, from_status, to_status from order_transitions where event is null order by id',
    ),
    query<Record<string, unknown>>(
      urls.payment,
      'select id, order_id, amount, refunded_amount, status, provider_ref from payments',
    ),
    query<Record<string, unknown>>(
      urls.payment,
      `select id, payment_id, amount from refunds where status = 'succeeded'`,
    ),
    query<Record<string, unknown>>(
      urls.payment,
      'select id, amount, refunded_amount, status from sandbox_charges',
    ),
    readStock(urls.product),
    query<Record<string, unknown>>(urls.product, 'select id, status, lines from reservations'),
    query<Record<string, unknown>>(
      urls.notification,
      'select id, event_id, kind, recipient, status from deliveries',
    ),
    query<Record<string, unknown>>(urls.notification, 'select recipients, subject from mail_sink'),
    readInFlight(urls),
  ]);
  return {
    orders: orders.map((row) => ({
      id: String(row.id),
      cartId: String(row.cart_id),
      email: String(row.email),
      status: String(row.status),
      total: int(row.total),
      refunded: int(row.refunded),
      paymentId: row.payment_id === null ? null : String(row.payment_id),
      lines: (row.lines as { sku: string; quantity: number }[]).map(({ sku, quantity }) => ({
        sku,
        quantity,
      })),
    })),
    returns: returns.map((row) => ({
      id: String(row.id),
      orderId: String(row.order_id),
      kind: row.kind === 'exchange' ? 'exchange' : 'return',
      status: String(row.status),
      difference: int(row.difference),
      chargePaymentId: row.charge_payment_id === null ? null : String(row.charge_payment_id),
      chargeRefunded: int(row.charge_refunded),
      replacementSku: row.replacement_sku === null ? null : String(row.replacement_sku),
      replacementReservationId:
        row.replacement_reservation_id === null ? null : String(row.replacement_reservation_id),
      lines: (row.lines ?? []) as { sku: string; quantity: number; restocked: boolean }[],
    })),
    transitions: transitions.map((row) => ({
      orderId: String(row.order_id),
      from: row.from_status === null ? null : String(row.from_status),
      to: String(row.to_status),
    })),
    payments: payments.map((row) => ({
      id: String(row.id),
      orderId: String(row.order_id),
      amount: int(row.amount),
      refundedAmount: int(row.refunded_amount),
      status: String(row.status),
      providerRef: row.provider_ref === null ? null : String(row.provider_ref),
    })),
    refunds: refunds.map((row) => ({
      id: String(row.id),
      paymentId: String(row.payment_id),
      amount: int(row.amount),
    })),
    charges: charges.map((row) => ({
      id: String(row.id),
      amount: int(row.amount),
      refundedAmount: int(row.refunded_amount),
      status: String(row.status),
    })),
    stock,
    reservations: reservations.map((row) => ({
      id: String(row.id),
      status: String(row.status),
      lines: row.lines as { sku: string; quantity: number }[],
    })),
    deliveries: deliveries.map((row) => ({
      id: String(row.id),
      eventId: String(row.event_id),
      kind: String(row.kind),
      recipient: String(row.recipient),
      status: String(row.status),
    })),
    mails: mails.map((row) => ({ recipients: row.recipients as string[], subject: String(row.subject) })),
    inFlight,
  };
}
