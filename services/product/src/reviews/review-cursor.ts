// Keyset cursors of review lists: the time and id of the last review shown, opaque to clients
// (base64url JSON) and checked on the way in, so a forged one is a 400 naming the cursor.
import { problems } from '@emporium/platform';
import type { ReviewPosition } from '../repositories/review-store.js';

export function encodeReviewCursor(position: ReviewPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function decodeReviewCursor(cursor: string | undefined): ReviewPosition | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const [createdAt, id] = Array.isArray(parsed) && parsed.length === 2 ? (parsed as unknown[]) : [];
  if (
    typeof createdAt !== 'string' ||
    typeof id !== 'string' ||
    !UUID.test(id) ||
    Number.isNaN(Date.parse(createdAt))
  ) {
    throw problems.validation([{ field: 'querystring.cursor', message: 'is not a cursor this list issued' }]);
  }
  return { createdAt: new Date(createdAt).toISOString(), id };
}
