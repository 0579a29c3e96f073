// Creates sent with an Idempotency-Key happen once. The key is written first, in the create's own
// transaction: a repeat sent meanwhile waits on that row until the first commits, then replays
// its answer; a create that fails rolls the key back with it, so a retry does the work again.
import { createHash } from 'node:crypto';
import { problems, type SqlDatabase, type SqlExecutor } from '@emporium/platform';
import { idempotencyKeysRepository as idempotencyKeys } from '../repositories/idempotency-keys.js';

export interface KeyedRequest {
  key: string | undefined;
  /** What the key belongs to: the route and its path parameters (and who sent it). */
  scope: string;
  body: unknown;
}

export async function idempotentCreate<T>(
  db: SqlDatabase,
  request: KeyedRequest,
  create: (tx: SqlExecutor) => Promise<T>,
): Promise<T> {
  const { key } = request;
  if (!key) return db.transaction(create);
  const hash = createHash('sha256').update(JSON.stringify(request.body)).digest('hex');
  const keyed = { scope: request.scope, key };
  return db.transaction(async (tx) => {
    if (!(await idempotencyKeys.claim(tx, keyed, hash))) {
      const earlier = await idempotencyKeys.earlier<T>(tx, keyed);
      if (earlier?.requestHash !== hash) {
        throw problems.conflict(
          'This Idempotency-Key was used for a different request here; use a new key for a new one.',
          'idempotency-key-reused',
        );
      }
      return earlier.response;
    }
    const created = await create(tx);
    await idempotencyKeys.storeResponse(tx, keyed, created);
    return created;
  });
}
