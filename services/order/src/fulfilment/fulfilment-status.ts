// What is left to ship of an order, and its fulfilment state, from its lines and its shipments.
// Pure, so the arithmetic is unit-tested apart from storage; derived on every read instead of
// stored, so it can never disagree with the shipments themselves.
import type { FulfillmentStatus } from '@emporium/contracts/order';

interface Line {
  sku: string;
  quantity: number;
}

interface Parcel {
  lines: Line[];
  /** An exchange's replacement: sent instead of returned units, so it fulfils no ordered line. */
  exchangeId?: string | null;
}

/** Ordered minus shipped quantity per SKU of the order's lines. */
export function unshippedBySku(ordered: Line[], shipments: Parcel[]): Map<string, number> {
  const left = new Map(ordered.map((line) => [line.sku, line.quantity]));
  for (const shipment of shipments) {
    if (shipment.exchangeId) continue;
    for (const line of shipment.lines) left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity);
  }
  return left;
}

export function fulfillmentStatus(ordered: Line[], shipments: Parcel[]): FulfillmentStatus {
  const left = [...unshippedBySku(ordered, shipments).values()];
  const total = ordered.reduce((n, line) => n + line.quantity, 0);
  const unshipped = left.reduce((n, quantity) => n + quantity, 0);
  if (unshipped === total) return 'unfulfilled';
  return unshipped === 0 ? 'fulfilled' : 'partially_fulfilled';
}
