// Keyset cursors: the sort key and id of the last item shown. Opaque to clients (base64url
// JSON), bound to the sort order, and checked on the way in so a forged one is a 400.

import type { SortOrder } from '@emporium/contracts/product';
import { problems } from '@emporium/platform';

export interface CursorPosition {
  sort: SortOrder;
  key: number;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sort, position.key, position.id])).toString('base64url');
}

const malformed = () =>
  problems.validation([{ field: 'querystring.cursor', message: 'is not a cursor this listing issued' }]);

export function decodeCursor(cursor: string, sort: SortOrder): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw malformed();
  const [cursorSort, key, id] = parsed as unknown[];
  if (cursorSort !== sort || typeof key !== 'number' || !Number.isFinite(key) || typeof id !== 'string') {
    throw malformed();
  }
  if (id.length > 64) throw malformed();
  return { sort, key, id };
}
