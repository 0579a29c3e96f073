// Lines an admin or shopper names in a request (a shipment, a return), judged against the
// order's own lines: bad input, answered 400 naming the field, before anything is read or written.
import { problems } from '@emporium/platform';
import type { StoredOrder } from '../repositories/orders.js';

/** Each SKU must be one of the order's lines (or of `allowed`), named once. */
export function assertLinesOfOrder(
  order: StoredOrder,
  lines: { sku: string }[],
  allowed?: Set<string>,
): void {
  const known = allowed ?? new Set(order.lines.map((line) => line.sku));
  const seen = new Set<string>();
  const errors = lines.flatMap((line, i) => {
    const field = `body.lines.${i}.sku`;
    if (!known.has(line.sku))
      return [{ field, message: `${line.sku} is not a line of this ${allowed ? 'return' : 'order'}` }];
    if (seen.has(line.sku)) return [{ field, message: `${line.sku} is listed twice` }];
    seen.add(line.sku);
    return [];
  });
  if (errors.length > 0) throw problems.validation(errors);
}

/** Titles of the order's lines by SKU, for views and messages. */
const titlesOf = (order: Pick<StoredOrder, 'lines'>) =>
  new Map(order.lines.map((line) => [line.sku, line.title]));

export const describeLines = (
  order: Pick<StoredOrder, 'lines'>,
  lines: { sku: string; quantity: number }[],
) => {
  const titles = titlesOf(order);
  return lines.map((line) => `${line.quantity} × ${titles.get(line.sku) ?? line.sku}`).join(', ');
};
