// Creates sent with an Idempotency-Key happen once. The key is written first, in the create's own
// transaction: a repeat sent meanwhile waits on that row until the first commits, then replays
// its answer; a create that fails rolls the key back with it, so a retry does the work again.
import { createHash } from 'node:crypto';
import { problems, type SqlDatabase, type SqlExecutor } from '@emporium/platform';

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
  return db.transaction(async (tx) => {
    const claimed = await tx.query(
      `insert into idempotency_keys (scope, key, request_hash) values ($1, $2, $3)
       on conflict (scope, key) do nothing`,
      [request.scope, key, hash],
    );
    if (claimed.rowCount === 0) {
      const { rows } = await tx.query<{ request_hash: string; response: T }>(
        'select request_hash, response from idempotency_keys where scope = $1 and key = $2',
        [request.scope, key],
      );
      if (rows[0]?.request_hash !== hash) {
        throw problems.conflict(
          'This Idempotency-Key was used for a different request here; use a new key for a new one.',
          'idempotency-key-reused',
        );
      }
      return rows[0].response;
    }
    const created = await create(tx);
    await tx.query('update idempotency_keys set response = $3::jsonb where scope = $1 and key = $2', [
      request.scope,
      key,
      JSON.stringify(created),
    ]);
    return created;
  });
}
