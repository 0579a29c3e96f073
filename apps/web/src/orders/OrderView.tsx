// One order as its owner (or an admin) sees it: status, lines, totals, addresses, shipments and
// the timeline of every transition.
import { formatMoney, type Order, type OrderStatus, type OrderTransition } from '@emporium/api-client';
import { STATUS_LABELS, statusTone } from './order-status';
import { Returns } from './Returns';
import { Shipments } from './Shipments';

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`badge badge-${statusTone(status)}`}>{STATUS_LABELS[status]}</span>;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso: string): string {
  return dateTime.format(new Date(iso));
}

const EVENT_LABELS: Record<string, string> = {
  shipment_created: 'Parcel sent',
  shipment_delivered: 'Parcel delivered',
  return_requested: 'Return requested',
  return_approved: 'Return approved',
  return_rejected: 'Return rejected',
  return_received: 'Return received',
  return_refunded: 'Return refunded',
};

/** A status change is named by its new status; a step that kept the status, by what happened. */
const stepLabel = (step: OrderTransition) =>
  step.event ? (EVENT_LABELS[step.event] ?? step.event) : STATUS_LABELS[step.to];

export function OrderView({
  order,
  shipmentActions,
  returnActions,
}: {
  order: Order;
  shipmentActions?: Parameters<typeof Shipments>[0]['actions'];
  returnActions?: Parameters<typeof Returns>[0]['actions'];
}) {
  const address = order.shippingAddress;
  return (
    <div className="checkout-layout">
      <div>
        {order.cancellation ? (
          <p className="notice notice-error" role="status">
            {order.cancellation.reason}
          </p>
        ) : null}
        {order.shipment && order.shipments.length === 0 ? (
          <p className="notice notice-success">
            Shipped{order.shipment.carrier ? ` with ${order.shipment.carrier}` : ''}
            {order.shipment.trackingNumber ? `, tracking number ${order.shipment.trackingNumber}` : ''}.
          </p>
        ) : null}
        <section className="card" aria-labelledby="items-heading">
          <h2 id="items-heading">Items</h2>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col" className="numeric">
                    Qty
                  </th>
                  <th scope="col" className="numeric">
                    Price
                  </th>
                  <th scope="col" className="numeric">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {order.lines.map((line) => (
                  <tr key={line.sku}>
                    <td>
                      {line.title}
                      <br />
                      <span className="muted">SKU {line.sku}</span>
                    </td>
                    <td className="numeric">{line.quantity}</td>
                    <td className="numeric">{formatMoney(line.unitPrice)}</td>
                    <td className="numeric">{formatMoney(line.lineTotal)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <Shipments order={order} actions={shipmentActions} />
        <Returns order={order} actions={returnActions} />
        <section className="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Status history</h2>
          <ol className="timeline">
            {order.timeline.map((step, i) => (
              // Several steps may share a time (a parcel and the move it completes): the position keys them.
              // biome-ignore lint/suspicious/noArrayIndexKey: the timeline only grows at its end
              <li key={i} className="timeline-step">
                <strong>{stepLabel(step)}</strong>
                {step.reason ? <span className="muted"> — {step.reason}</span> : null}
                <time dateTime={step.at}>{formatDate(step.at)}</time>
              </li>
            ))}
          </ol>
        </section>
      </div>
      <aside className="summary" aria-labelledby="totals-heading">
        <h2 id="totals-heading">Totals</h2>
        <dl>
          <dt>Subtotal</dt>
          <dd>{formatMoney(order.totals.subtotal)}</dd>
          <dt>Shipping ({order.shippingName ?? order.shippingMethod})</dt>
          <dd>{formatMoney(order.totals.shipping)}</dd>
          {order.totals.discount ? (
            <>
              <dt>Discount</dt>
              <dd data-testid="order-discount">−{formatMoney(order.totals.discount)}</dd>
            </>
          ) : null}
          <dt>Tax</dt>
          <dd>{formatMoney(order.totals.tax)}</dd>
          <dt className="summary-total">Total</dt>
          <dd className="summary-total">{formatMoney(order.totals.total)}</dd>
          {order.refunded.amount > 0 ? (
            <>
              <dt>Refunded</dt>
              <dd>{formatMoney(order.refunded)}</dd>
            </>
          ) : null}
        </dl>
        {order.shippingMethod === 'pickup' ? (
          // A pickup keeps no street address: where it is collected is the region's option.
          <>
            <h3>Collection</h3>
            <p data-testid="order-pickup">
              Pickup at {order.shippingName ?? 'the pickup point'}, by {address.name} ({address.country})
            </p>
          </>
        ) : (
          <>
            <h3>Ships to</h3>
            <address className="address">
              {address.name}
              <br />
              {address.line1}
              {address.line2 ? (
                <>
                  <br />
                  {address.line2}
                </>
              ) : null}
              <br />
              {address.postalCode} {address.city}
              {address.region ? `, ${address.region}` : ''}
              <br />
              {address.country}
            </address>
          </>
        )}
        <p className="muted">Receipt sent to {order.email}</p>
      </aside>
    </div>
  );
}
