// SQL for checkout sagas: their state, the step log, and the leases that make sure one process at
// a time drives a saga (a crashed driver's lease expires and the recovery worker takes over).
import type { SqlExecutor } from '@emporium/platform';

export type SagaStatus = 'running' | 'compensating' | 'completed' | 'compensated';

export interface SagaContext {
  paymentToken?: string;
  paymentId?: string;
  /** The payment service refused the capture (e.g. the authorization lapsed): an admin must look. */
  captureRefused?: boolean;
}

export interface SagaFailure {
  step: string;
  code: string;
  reason: string;
}

export interface SagaRow {
  order_id: string;
  status: SagaStatus;
  step_index: number;
  step_started_at: Date;
  context: SagaContext;
  failure: SagaFailure | null;
}

/** One line of the step log: a step's invocation or compensation and how it ended. */
export interface SagaLogEntry {
  step: string;
  action: 'invoke' | 'compensate';
  outcome: 'succeeded' | 'failed' | 'retrying';
  detail?: string;
}

export const sagasRepository = {
  async create(
    tx: SqlExecutor,
    orderId: string,
    context: SagaContext,
    owner: string,
    leaseMs: number,
  ): Promise<SagaRow> {
    const { rows } = await tx.query<SagaRow>(
      `insert into checkout_sagas (order_id, status, context, lease_owner, lease_until)
       values ($1, 'running', $2, $3, now() + make_interval(secs => $4))
       returning order_id, status, step_index, step_started_at, context, failure`,
      [orderId, JSON.stringify(context), owner, leaseMs / 1000],
      { prepare: true },
    );
    return rows[0]!;
  },

  /** The saga if `owner` still holds its lease (extending it), undefined otherwise. */
  async renew(
    tx: SqlExecutor,
    orderId: string,
    owner: string,
    leaseMs: number,
  ): Promise<SagaRow | undefined> {
    const { rows } = await tx.query<SagaRow>(
      `update checkout_sagas set lease_until = now() + make_interval(secs => $3)
       where order_id = $1 and lease_owner = $2
       returning order_id, status, step_index, step_started_at, context, failure`,
      [orderId, owner, leaseMs / 1000],
    );
    return rows[0];
  },

  /** Claims unfinished sagas whose driver stopped renewing its lease. */
  async claimAbandoned(tx: SqlExecutor, owner: string, leaseMs: number, limit: number): Promise<string[]> {
    const { rows } = await tx.query<{ order_id: string }>(
      `update checkout_sagas set lease_owner = $1, lease_until = now() + make_interval(secs => $2)
       where order_id in (
         select order_id from checkout_sagas
         where status in ('running', 'compensating') and lease_until < now()
         order by lease_until limit $3 for update skip locked)
       returning order_id`,
      [owner, leaseMs / 1000, limit],
    );
    return rows.map((r) => r.order_id);
  },

  /**
   * Saves the saga's progress and appends its step-log entries, in one statement (so atomic even
   * outside a transaction), if `owner` still holds the lease; false when the lease was lost.
   */
  async save(
    tx: SqlExecutor,
    orderId: string,
    owner: string,
    leaseMs: number,
    change: {
      status: SagaStatus;
      stepIndex: number;
      context: SagaContext;
      failure: SagaFailure | null;
    },
    log: SagaLogEntry[],
  ): Promise<boolean> {
    const { rows } = await tx.query<{ saved: boolean }>(
      `with saved as (
         update checkout_sagas set status = $3, step_index = $4, context = $5, failure = $6,
           step_started_at = now(), lease_until = now() + make_interval(secs => $7), updated_at = now()
         where order_id = $1 and lease_owner = $2
         returning order_id),
       logged as (
         insert into checkout_saga_log (order_id, step, action, outcome, detail)
         select saved.order_id, e.step, e.action, e.outcome, e.detail
         from saved, rows from (jsonb_to_recordset($8::jsonb) as (step text, action text, outcome text, detail text))
           with ordinality as e(step, action, outcome, detail, n)
         order by e.n)
       select exists (select from saved) as saved`,
      [
        orderId,
        owner,
        change.status,
        change.stepIndex,
        JSON.stringify(change.context),
        change.failure ? JSON.stringify(change.failure) : null,
        leaseMs / 1000,
        JSON.stringify(log.map((e) => ({ ...e, detail: e.detail?.slice(0, 1000) ?? null }))),
      ],
      { prepare: true },
    );
    return rows[0]?.saved === true;
  },

  /** Lets another process take over at once (used when this one shuts down). */
  async releaseLeases(tx: SqlExecutor, owner: string): Promise<void> {
    await tx.query(
      `update checkout_sagas set lease_until = now() where lease_owner = $1 and status in ('running', 'compensating')`,
      [owner],
    );
  },
};
