// Idempotency keys of mutating calls: claimed before the work (with a lease, so a crashed
// holder's claim expires), completed with the response the work produced (by the statement
// that records the work, where there is one: storeAnswer). Every write after the claim is
// fenced by the claim's id: a holder whose lease ran out and whose key was claimed again writes
// nothing (heldClaim, ClaimLostError).
import { randomUUID } from 'node:crypto';
import { type SqlDatabase, type SqlStatement, sameTurnBatch, sql } from '@emporium/platform';
import { PAYMENT_COLUMNS, type PaymentRecord, type PaymentRow, toPaymentRecord } from './payments.js';

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export type Claim =
  | {
      kind: 'claimed';
      claimId: string;
      /** The payment the call is about, read by the claim's statement (null: there is none). */
      payment?: PaymentRecord | null;
    }
  | { kind: 'completed'; response: StoredResponse }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

/** What storeAnswer stores and heldClaim checks: the key, status code, JSON body and claim id. */
export type AnswerParams = [key: string, statusCode: number, response: string, claimId: string];

/** The claim an effect was recorded under was taken over by a retry: nothing was written. */
export class ClaimLostError extends Error {
  constructor(readonly key: string) {
    super(`idempotency key ${key} was claimed again while its work ran`);
    this.name = 'ClaimLostError';
  }
}

const LEASE_SECONDS = 30;

/**
 * The update that stores an answer, written into an effect's own statement as a writable CTE so
 * the answer commits with the effect or not at all. With `dependsOn`, the answer is stored only
 * when the CTE it names produced a row, and `response` may complete the JSON body with that row's
 * values (an expression over the CTE and the body).
 */
export function storeAnswer(
  [key, statusCode, response, claimId]: AnswerParams,
  dependsOn?: { cte: string; response: (body: string) => SqlStatement },
): SqlStatement {
  return sql`update idempotency_keys set state = 'completed', locked_until = null, status_code = ${statusCode},
         response = ${dependsOn ? dependsOn.response(response) : sql`${response}::jsonb`}
       ${dependsOn ? sql.raw(`from ${dependsOn.cte}`) : sql.empty}
       where key = ${key} and claim_id = ${claimId}::uuid and state = 'in_progress'`;
}

/**
 * A CTE body that yields a row only while the answer's claim still holds the key, and locks it:
 * an effect that selects from it writes nothing once a retry has claimed the key, and a retry
 * claiming it meanwhile waits for the effect's statement.
 */
export function heldClaim([key, , , claimId]: AnswerParams): SqlStatement {
  return sql`select key from idempotency_keys
       where key = ${key} and claim_id = ${claimId}::uuid and state = 'in_progress' for update`;
}

// Claims a batch of keys (each with the payment its call is about, or null) and reads those
// payments, in one statement: the claims of calls that arrive together (the order service sends
// its payment calls of one moment as one batch) cost one round trip and one commit, not one each.
// Each key keeps its own outcome: a key is claimed when it is new, or when its earlier holder's
// lease ran out on the same request. Keys are inserted in sorted order, so two batches that share
// keys lock them in the same order. Each payment is read by its key, in a lateral lookup that
// `offset 0` keeps the planner from turning into a join: a join let a plan made while the table
// was nearly empty (a new database) scan every payment for each batch, and the connection kept
// that plan as it grew (test/batch-statement-plans.test.ts).
export function claimBatchStatement(requests: readonly ClaimRequest[]): SqlStatement {
  return sql`with input as (
    select * from unnest(${requests.map((r) => r.key)}::text[], ${requests.map((r) => r.requestHash)}::text[],
      ${requests.map((r) => r.claimId)}::uuid[], ${requests.map((r) => r.paymentId ?? null)}::uuid[])
      with ordinality as t(key, request_hash, claim_id, payment_id, n)
  ), claimed as (
    insert into idempotency_keys (key, request_hash, state, locked_until, claim_id)
    select key, request_hash, 'in_progress', now() + make_interval(secs => ${LEASE_SECONDS}), claim_id
    from input order by key
    on conflict (key) do update set locked_until = excluded.locked_until, claim_id = excluded.claim_id
      where idempotency_keys.state = 'in_progress'
        and idempotency_keys.locked_until < now()
        and idempotency_keys.request_hash = excluded.request_hash
    returning key
  )
  select i.n::int as n, exists (select from claimed c where c.key = i.key) as claimed, p.*
  from input i left join lateral (
    select ${PAYMENT_COLUMNS} from payments where id = i.payment_id offset 0
  ) p on true
  order by i.n`;
}

/** A claimed (or not) key's row: the payment its call is about, all null when there is none. */
type ClaimRow = PaymentRow & { n: number; claimed: boolean };

/** Whether a key was claimed, and the payment its call is about (null: none, or none asked). */
interface ClaimOutcome {
  claimed: boolean;
  payment: PaymentRecord | null;
}

export interface ClaimRequest {
  key: string;
  requestHash: string;
  claimId: string;
  paymentId: string | undefined;
}

/**
 * Claims the keys asked in one event-loop turn with one CLAIM_BATCH. A key asked twice in one
 * turn goes in once; the second asker is told it was not claimed (undefined), as it would have
 * been a moment later.
 */
const claimBatch = (db: SqlDatabase) =>
  sameTurnBatch<ClaimRequest, ClaimOutcome | undefined>(async (requests) => {
    const first = new Map<string, ClaimRequest>();
    for (const request of requests) if (!first.has(request.key)) first.set(request.key, request);
    const sent = [...first.values()];
    const { rows } = await db.query<ClaimRow>(claimBatchStatement(sent), { prepare: true });
    return requests.map((request) => {
      const row = rows[sent.indexOf(request)];
      if (!row) return undefined;
      return { claimed: row.claimed, payment: row.id === null ? null : toPaymentRecord(row) };
    });
  });

export function idempotencyKeys(db: SqlDatabase) {
  /** What became of a key another call holds or held: its answer, a mismatch, or still running. */
  async function settledClaim(key: string, requestHash: string): Promise<Claim> {
    const { rows } = await db.query<{
      request_hash: string;
      state: string;
      status_code: number | null;
      response: unknown;
    }>(sql`select request_hash, state, status_code, response from idempotency_keys where key = ${key}`);
    const row = rows[0];
    // Deleted between our insert and select (its holder failed): the caller may simply retry.
    if (!row) return { kind: 'in_progress' };
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.state === 'completed') {
      return { kind: 'completed', response: { statusCode: row.status_code ?? 200, body: row.response } };
    }
    return { kind: 'in_progress' };
  }

  const claimTogether = claimBatch(db);

  return {
    /** Claims the key; with `paymentId`, the same statement reads that payment for the work. */
    async claim(key: string, requestHash: string, paymentId?: string): Promise<Claim> {
      const claimId = randomUUID();
      const row = await claimTogether({ key, requestHash, claimId, paymentId });
      if (!row?.claimed) return settledClaim(key, requestHash);
      if (paymentId === undefined) return { kind: 'claimed', claimId };
      return { kind: 'claimed', claimId, payment: row.payment };
    },

    /** Stores an answer that has no effect to commit with (a refusal, a repeated capture). */
    async complete(key: string, claimId: string, response: StoredResponse): Promise<void> {
      await db.query(storeAnswer([key, response.statusCode, JSON.stringify(response.body), claimId]), {
        prepare: true,
      });
    },

    /** Gives the key back after a failure worth retrying (the work did not finish). */
    async release(key: string, claimId: string): Promise<void> {
      await db.query(
        sql`delete from idempotency_keys where key = ${key} and claim_id = ${claimId} and state = 'in_progress'`,
      );
    },
  };
}
