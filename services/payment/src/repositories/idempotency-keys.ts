// Idempotency keys of mutating calls: claimed before the work (with a lease, so a crashed
// holder's claim expires), completed with the response the work produced (in the
// transaction that records the work, where there is one).
import type { SqlDatabase, SqlExecutor } from '@emporium/platform';

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'completed'; response: StoredResponse }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

const LEASE_SECONDS = 30;

export function idempotencyKeys(db: SqlDatabase) {
  return {
    async claim(key: string, requestHash: string): Promise<Claim> {
      const claimed = await db.query(
        `insert into idempotency_keys (key, request_hash, state, locked_until)
         values ($1, $2, 'in_progress', now() + make_interval(secs => $3))
         on conflict (key) do update set locked_until = excluded.locked_until
           where idempotency_keys.state = 'in_progress'
             and idempotency_keys.locked_until < now()
             and idempotency_keys.request_hash = excluded.request_hash
         returning key`,
        [key, requestHash, LEASE_SECONDS],
        { prepare: true },
      );
      if (claimed.rowCount > 0) return { kind: 'claimed' };
      const { rows } = await db.query<{
        request_hash: string;
        state: string;
        status_code: number | null;
        response: unknown;
      }>('select request_hash, state, status_code, response from idempotency_keys where key = $1', [key]);
      const row = rows[0];
      // Deleted between our insert and select (its holder failed): the caller may simply retry.
      if (!row) return { kind: 'in_progress' };
      if (row.request_hash !== requestHash) return { kind: 'mismatch' };
      if (row.state === 'completed') {
        return { kind: 'completed', response: { statusCode: row.status_code ?? 200, body: row.response } };
      }
      return { kind: 'in_progress' };
    },

    /** On `executor` a transaction: the answer commits with the effect it describes, or not at all. */
    async complete(key: string, response: StoredResponse, executor: SqlExecutor = db): Promise<void> {
      await executor.query(
        `update idempotency_keys set state = 'completed', locked_until = null, status_code = $2, response = $3
         where key = $1`,
        [key, response.statusCode, JSON.stringify(response.body)],
        { prepare: true },
      );
    },

    /** Gives the key back after a failure worth retrying (the work did not finish). */
    async release(key: string): Promise<void> {
      await db.query(`delete from idempotency_keys where key = $1 and state = 'in_progress'`, [key]);
    },
  };
}
