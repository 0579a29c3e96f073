// SQL for an order's shipments (migration 0006). Inserts and deliveries run inside a transaction
// that holds the order's row lock (fulfilment/order-shipments.ts), so the shipped quantities read
// there are still true when the shipment is written.
import { type SqlExecutor, sql } from '@emporium/platform';

export type ShipmentStatus = 'shipped' | 'delivered';

/** A shipment as the service works with it. */
export interface StoredShipment {
  id: string;
  orderId: string;
  number: number;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  locationId: string | null;
  status: ShipmentStatus;
  requestKey: string | null;
  requestHash: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  lines: { sku: string; quantity: number }[];
  /** Set on the shipment of an exchange's replacement, which is not part of the order's fulfilment. */
  exchangeId: string | null;
}

export type NewShipment = Omit<StoredShipment, 'status' | 'createdAt' | 'deliveredAt'> & { actor: string };

/** What COLUMNS reads. */
interface ShipmentRow {
  id: string;
  order_id: string;
  number: number;
  carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  location_id: string | null;
  status: ShipmentStatus;
  request_key: string | null;
  request_hash: string | null;
  created_at: Date;
  delivered_at: Date | null;
  lines: { sku: string; quantity: number }[];
  exchange_id: string | null;
}

const COLUMNS =
  sql.raw(`s.id, s.order_id, s.number, s.carrier, s.tracking_number, s.tracking_url, s.location_id, s.status,
  s.request_key, s.request_hash, s.created_at, s.delivered_at, s.exchange_id,
  (select coalesce(jsonb_agg(jsonb_build_object('sku', l.sku, 'quantity', l.quantity) order by l.sku), '[]')
   from order_shipment_lines l where l.shipment_id = s.id) as lines`);

const fromRow = (row: ShipmentRow): StoredShipment => ({
  id: row.id,
  orderId: row.order_id,
  number: row.number,
  carrier: row.carrier,
  trackingNumber: row.tracking_number,
  trackingUrl: row.tracking_url,
  locationId: row.location_id,
  status: row.status,
  requestKey: row.request_key,
  requestHash: row.request_hash,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at,
  lines: row.lines,
  exchangeId: row.exchange_id,
});

export const shipmentsRepository = {
  async forOrder(tx: SqlExecutor, orderId: string): Promise<StoredShipment[]> {
    const { rows } = await tx.query<ShipmentRow>(
      sql`select ${COLUMNS} from order_shipments s where s.order_id = ${orderId} order by s.number`,
    );
    return rows.map(fromRow);
  },

  async byRequest(tx: SqlExecutor, orderId: string, requestKey: string): Promise<StoredShipment | undefined> {
    const { rows } = await tx.query<ShipmentRow>(
      sql`select ${COLUMNS} from order_shipments s where s.order_id = ${orderId} and s.request_key = ${requestKey}`,
    );
    return rows[0] && fromRow(rows[0]);
  },

  /** The shipment and its lines, in one statement. */
  async insert(tx: SqlExecutor, shipment: NewShipment): Promise<void> {
    const s = shipment;
    await tx.query(
      sql`with shipment as (
         insert into order_shipments (id, order_id, number, carrier, tracking_number, tracking_url, location_id,
           status, request_key, request_hash, actor, exchange_id)
         values (${s.id}, ${s.orderId}, ${s.number}, ${s.carrier}, ${s.trackingNumber}, ${s.trackingUrl},
           ${s.locationId}, 'shipped', ${s.requestKey}, ${s.requestHash}, ${s.actor}, ${s.exchangeId}))
       insert into order_shipment_lines (shipment_id, order_id, sku, quantity)
       select ${s.id}, ${s.orderId}, line->>'sku', (line->>'quantity')::int
       from jsonb_array_elements(${JSON.stringify(s.lines)}::jsonb) as line`,
    );
  },

  /** Marks a shipment delivered; false when it already was. */
  async markDelivered(tx: SqlExecutor, shipmentId: string): Promise<boolean> {
    const { rowCount } = await tx.query(
      sql`update order_shipments set status = 'delivered', delivered_at = now()
       where id = ${shipmentId} and status = 'shipped'`,
    );
    return (rowCount ?? 0) > 0;
  },

  /** Shipments a carrier's tracking number names (a carrier may reuse numbers over the years). */
  async byTracking(
    tx: SqlExecutor,
    carrierKey: string,
    trackingNumber: string,
  ): Promise<{ id: string; orderId: string }[]> {
    const { rows } = await tx.query<{ id: string; order_id: string }>(
      sql`select id, order_id from order_shipments
       where regexp_replace(lower(carrier), '[\\s_-]+', '', 'g') = ${carrierKey} and tracking_number = ${trackingNumber}`,
    );
    return rows.map((row) => ({ id: row.id, orderId: row.order_id }));
  },
};
