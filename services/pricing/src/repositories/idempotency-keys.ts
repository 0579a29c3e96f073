// Idempotency-Keys of admin creates, by scope (the route and its path parameters) and key. A key
// is written in the create's own transaction, so it commits or rolls back with the create.
import { type SqlExecutor, sql } from '@emporium/platform';

export interface KeyedCreate {
  scope: string;
  key: string;
}

export interface EarlierCreate<T> {
  requestHash: string;
  response: T;
}

export const idempotencyKeysRepository = {
  /** Claims the key for a request; false when it was claimed before (the claim waits for its commit). */
  async claim(tx: SqlExecutor, { scope, key }: KeyedCreate, requestHash: string): Promise<boolean> {
    const { rowCount } = await tx.query(
      sql`insert into idempotency_keys (scope, key, request_hash) values (${scope}, ${key}, ${requestHash})
          on conflict (scope, key) do nothing`,
    );
    return rowCount > 0;
  },

  /** The request and the answer of the create that claimed the key first. */
  async earlier<T>(tx: SqlExecutor, { scope, key }: KeyedCreate): Promise<EarlierCreate<T> | undefined> {
    const { rows } = await tx.query<{ request_hash: string; response: T }>(
      sql`select request_hash, response from idempotency_keys where scope = ${scope} and key = ${key}`,
    );
    return rows[0] && { requestHash: rows[0].request_hash, response: rows[0].response };
  },

  async storeResponse(tx: SqlExecutor, { scope, key }: KeyedCreate, response: unknown): Promise<void> {
    await tx.query(
      sql`update idempotency_keys set response = ${JSON.stringify(response)}::jsonb
          where scope = ${scope} and key = ${key}`,
    );
  },
};
