// Past purchases for other services, a page at a time. The cursor is the last purchase of the
// page, opaque to callers; one this service did not give out is refused by name.
import type { PurchasePage, PurchaseQuery } from '@emporium/contracts/purchases';
import { isDateTime, isUuid, problems, type SqlDatabase } from '@emporium/platform';
import { type PurchasePosition, purchasesRepository as purchases } from '../repositories/purchases.js';

function encodeCursor(position: PurchasePosition): string {
  return Buffer.from(JSON.stringify([position.placedAt, position.orderId, position.productId])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): PurchasePosition {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parts = undefined;
  }
  if (Array.isArray(parts) && parts.length === 3) {
    const [placedAt, orderId, productId] = parts;
    // Judged as strictly as a date-time or uuid parameter: the parts go to SQL as such.
    if (
      typeof placedAt === 'string' &&
      isDateTime(placedAt) &&
      typeof orderId === 'string' &&
      isUuid(orderId) &&
      typeof productId === 'string' &&
      !productId.includes('\u0000')
    ) {
      return { placedAt, orderId, productId };
    }
  }
  throw problems.validation([{ field: 'querystring.after', message: 'is not a cursor this API gave out' }]);
}

export function purchaseQueries(db: SqlDatabase) {
  return {
    async page(query: PurchaseQuery): Promise<PurchasePage> {
      const found = await purchases.list(db, {
        ...(query.after ? { after: decodeCursor(query.after) } : {}),
        limit: query.limit + 1,
      });
      const items = found.slice(0, query.limit);
      const last = items[items.length - 1];
      return { items, ...(found.length > query.limit && last ? { nextCursor: encodeCursor(last) } : {}) };
    },
  };
}
