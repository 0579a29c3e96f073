// An order's shipments: what each parcel carries, where it stands, and the carrier's tracking
// page when the shop knows it (otherwise the tracking number alone). `actions` lets the admin
// page add a button per parcel without this view knowing about admin calls.
import type { FulfillmentStatus, Order, Shipment } from '@emporium/api-client';
import type { ReactNode } from 'react';

const FULFILLMENT_LABELS: Record<FulfillmentStatus, string> = {
  unfulfilled: 'Not shipped yet',
  partially_fulfilled: 'Partly shipped',
  fulfilled: 'Everything shipped',
};

function Tracking({ shipment }: { shipment: Shipment }) {
  if (!shipment.trackingNumber) return shipment.carrier ? <>with {shipment.carrier}</> : null;
  const carrier = shipment.carrier ? `${shipment.carrier} ` : '';
  return shipment.trackingUrl ? (
    <a href={shipment.trackingUrl} target="_blank" rel="noopener noreferrer">
      Track with {carrier}({shipment.trackingNumber})
    </a>
  ) : (
    <>
      {carrier}tracking number {shipment.trackingNumber}
    </>
  );
}

export function Shipments({ order, actions }: { order: Order; actions?: (shipment: Shipment) => ReactNode }) {
  if (order.shipments.length === 0) return null;
  return (
    <section className="card" aria-labelledby="shipments-heading">
      <h2 id="shipments-heading">Shipments</h2>
      <p className="muted">{FULFILLMENT_LABELS[order.fulfillmentStatus]}</p>
      <ol className="plain-list">
        {order.shipments.map((shipment) => (
          <li key={shipment.shipmentId} aria-label={`Shipment ${shipment.number}`}>
            <strong>
              Parcel {shipment.number}: {shipment.status === 'delivered' ? 'delivered' : 'on its way'}
            </strong>{' '}
            <Tracking shipment={shipment} />
            <ul>
              {shipment.lines.map((line) => (
                <li key={line.sku}>
                  {line.quantity} × {line.title} <span className="muted">SKU {line.sku}</span>
                </li>
              ))}
            </ul>
            {actions?.(shipment)}
          </li>
        ))}
      </ol>
    </section>
  );
}
