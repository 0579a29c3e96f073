// SQL for checkout sagas: their state, the step log, and the leases that make sure one process at
// a time drives a saga (a crashed driver's lease expires and the recovery worker takes over).
// A saga is created with its order (checkouts.ts) and saves its steps with their effects
// (saga-steps.ts), each in one statement.
import {
  type SagaFailure as EngineFailure,
  type SagaStatus,
  type SqlExecutor,
  sql,
} from '@emporium/platform';

export type { SagaStatus };

export interface SagaContext {
  paymentToken?: string;
  paymentId?: string;
  /** The payment service refused the capture (e.g. the authorization lapsed): an admin must look. */
  captureRefused?: boolean;
  /** The promotions the order's quote applied: the checkout redeems them before payment. */
  promotions?: { promotionId: string; amount: number }[];
}

export type SagaFailure = EngineFailure & {
  /** A sold-out refusal: the lines that could not be reserved, so the shopper can fix the cart. */
  unavailable?: { sku: string; requested: number; available: number }[];
};

export interface SagaRecord {
  orderId: string;
  status: SagaStatus;
  /** The position of the next step (or of the next to undo), as a release keyed by position reads it. */
  stepIndex: number;
  /** The steps taken, by name (migrations/0013); null if a release keyed by position wrote the row. */
  taken: string[] | null;
  context: SagaContext;
  failure: SagaFailure | null;
}

interface SagaRow {
  order_id: string;
  status: SagaStatus;
  step_index: number;
  taken: string[] | null;
  context: SagaContext;
  failure: SagaFailure | null;
}

const toSaga = (row: SagaRow): SagaRecord => ({
  orderId: row.order_id,
  status: row.status,
  stepIndex: row.step_index,
  taken: row.taken,
  context: row.context,
  failure: row.failure,
});

/** One line of the step log: a step's invocation or compensation and how it ended. */
export interface SagaLogEntry {
  step: string;
  action: 'invoke' | 'compensate';
  outcome: 'succeeded' | 'failed' | 'retrying';
  detail?: string;
}

export const sagasRepository = {
  /** The saga if `owner` still holds its lease (extending it), undefined otherwise. */
  async renew(
    tx: SqlExecutor,
    orderId: string,
    owner: string,
    leaseMs: number,
  ): Promise<SagaRecord | undefined> {
    const { rows } = await tx.query<SagaRow>(
      sql`update checkout_sagas set lease_until = now() + make_interval(secs => ${leaseMs / 1000})
          where order_id = ${orderId} and lease_owner = ${owner}
          returning order_id, status, step_index, taken, context, failure`,
    );
    return rows[0] && toSaga(rows[0]);
  },

  /** Why the saga failed, if it did. */
  async failure(tx: SqlExecutor, orderId: string): Promise<SagaFailure | undefined> {
    const { rows } = await tx.query<{ failure: SagaFailure | null }>(
      sql`select failure from checkout_sagas where order_id = ${orderId}`,
    );
    return rows[0]?.failure ?? undefined;
  },

  /** Claims unfinished sagas whose driver stopped renewing its lease. */
  async claimAbandoned(tx: SqlExecutor, owner: string, leaseMs: number, limit: number): Promise<string[]> {
    const { rows } = await tx.query<{ order_id: string }>(
      sql`update checkout_sagas set lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseMs / 1000})
          where order_id in (
            select order_id from checkout_sagas
            where status in ('running', 'compensating') and lease_until < now()
            order by lease_until limit ${limit} for update skip locked)
          returning order_id`,
    );
    return rows.map((r) => r.order_id);
  },

  /** Lets another process take over at once (used when this one shuts down). */
  async releaseLeases(tx: SqlExecutor, owner: string): Promise<void> {
    await tx.query(
      sql`update checkout_sagas set lease_until = now()
          where lease_owner = ${owner} and status in ('running', 'compensating')`,
    );
  },
};
