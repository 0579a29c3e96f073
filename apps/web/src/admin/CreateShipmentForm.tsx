// The admin's "Create shipment" form: how many of each line go in this parcel (at most what is
// left to ship; everything left by default), the carrier, tracking number and stock location.
// One Idempotency-Key per parcel the admin means: a retry after a lost answer resends it, so the
// order service creates the parcel once; changing what is in it means another parcel.
import type { Order } from '@emporium/api-client';
import { type FormEvent, useMemo, useState } from 'react';
import { useApi } from '../app/api-context';
import { Field } from '../components/Field';

/** Ordered minus shipped per SKU. */
function unshipped(order: Order): Map<string, number> {
  const left = new Map(order.lines.map((line) => [line.sku, line.quantity]));
  for (const shipment of order.shipments) {
    for (const line of shipment.lines) left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity);
  }
  return left;
}

export function CreateShipmentForm({
  order,
  busy,
  submit,
}: {
  order: Order;
  busy: boolean;
  submit: (run: () => Promise<Order>) => void;
}) {
  const api = useApi();
  const left = useMemo(() => unshipped(order), [order]);
  const open = order.lines.filter((line) => (left.get(line.sku) ?? 0) > 0);
  const [quantities, setQuantities] = useState<Record<string, string>>(() =>
    Object.fromEntries(open.map((line) => [line.sku, String(left.get(line.sku))])),
  );
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [location, setLocation] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [key, setKey] = useState(() => crypto.randomUUID());
  const changed = () => setKey(crypto.randomUUID());

  const send = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const lines = open.flatMap((line) => {
      const text = (quantities[line.sku] ?? '').trim();
      if (text === '' || text === '0') return [];
      const quantity = Number(text);
      if (!Number.isInteger(quantity) || quantity < 0 || quantity > (left.get(line.sku) ?? 0)) {
        found[line.sku] = `Enter a whole number from 0 to ${left.get(line.sku)}.`;
        return [];
      }
      return [{ sku: line.sku, quantity }];
    });
    if (!carrier.trim()) found.carrier = 'Name the carrier.';
    if (lines.length === 0 && !open.some((line) => found[line.sku]))
      found.lines = 'Put at least one item in the parcel.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    submit(() =>
      api.admin.orders
        .createShipment(
          order.orderId,
          {
            lines,
            carrier: carrier.trim(),
            ...(tracking.trim() ? { trackingNumber: tracking.trim() } : {}),
            ...(location.trim() ? { locationId: location.trim() } : {}),
          },
          key,
        )
        .then((updated) => {
          changed();
          return updated;
        }),
    );
  };

  return (
    <form onSubmit={send} aria-label="Create shipment">
      <h3>Create shipment</h3>
      {errors.lines ? <p className="field-error">{errors.lines}</p> : null}
      {open.map((line) => (
        <Field
          key={line.sku}
          label={`${line.title} (${line.sku}), ${left.get(line.sku)} left to ship`}
          name={`quantity-${line.sku}`}
          inputMode="numeric"
          value={quantities[line.sku] ?? ''}
          error={errors[line.sku]}
          onChange={(e) => {
            setQuantities({ ...quantities, [line.sku]: e.target.value });
            changed();
          }}
        />
      ))}
      <div className="form-row">
        <Field
          label="Carrier"
          name="carrier"
          value={carrier}
          error={errors.carrier}
          onChange={(e) => {
            setCarrier(e.target.value);
            changed();
          }}
        />
        <Field
          label="Tracking number (optional)"
          name="trackingNumber"
          value={tracking}
          onChange={(e) => {
            setTracking(e.target.value);
            changed();
          }}
        />
        <Field
          label="Stock location (optional)"
          name="locationId"
          value={location}
          onChange={(e) => {
            setLocation(e.target.value);
            changed();
          }}
        />
      </div>
      <button type="submit" className="button button-primary" disabled={busy}>
        Create shipment
      </button>
    </form>
  );
}
