// SQL that saves a checkout saga step together with everything it records, in one statement:
// the saga's progress and step log, the order's move and its transition, the cart's conversion
// and the events. One statement is atomic on its own, so a step costs one round trip instead of
// BEGIN, four statements and COMMIT.
import type { OrderStatus } from '@emporium/contracts/order';
import { outboxInsertSql, problems, type SqlExecutor, type StagedEvents } from '@emporium/platform';
import type { TransitionPatch } from './orders.js';
import type { SagaContext, SagaFailure, SagaLogEntry, SagaStatus } from './sagas.js';

/** The fields a checkout step may set with a move. */
export type StepPatch = Pick<TransitionPatch, 'payment_id' | 'cancellation_code' | 'cancellation_reason'>;

/** An order move a saga step records: the order must still be `from`. */
export interface StepMove {
  from: OrderStatus;
  to: OrderStatus;
  reason: string;
  actor: string;
  patch: StepPatch;
  /** The order's cart becomes converted with the move. */
  convertCart: boolean;
}

export interface StepSave {
  orderId: string;
  owner: string;
  leaseMs: number;
  change: { status: SagaStatus; stepIndex: number; context: SagaContext; failure: SagaFailure | null };
  log: SagaLogEntry[];
  move?: StepMove;
  events: StagedEvents;
}

// checkout_step_guard (migration 0002) raises these when the statement must write nothing.
const LEASE_LOST = 'OR001';
const ORDER_CHANGED = 'OR002';

// Every write selects from `saved` (the saga row updated only while `owner` holds the lease), and
// the order's writes from `moved` too. The events insert cannot select from them (it reads its
// parameter), so the guard aborts the whole statement when either came back empty.
const SAVE_STEP = `with saved as (
    update checkout_sagas set status = $3, step_index = $4, context = $5, failure = $6,
      step_started_at = now(), lease_until = now() + make_interval(secs => $7), updated_at = now()
    where order_id = $1 and lease_owner = $2
    returning order_id),
  logged as (
    insert into checkout_saga_log (order_id, step, action, outcome, detail)
    select saved.order_id, e.step, e.action, e.outcome, e.detail
    from saved, rows from (jsonb_to_recordset($8::jsonb) as (step text, action text, outcome text, detail text))
      with ordinality as e(step, action, outcome, detail, n)
    order by e.n),
  moved as (
    update orders o set status = $10, updated_at = now(),
      payment_id = coalesce($11, o.payment_id),
      cancellation_code = coalesce($12, o.cancellation_code),
      cancellation_reason = coalesce($13, o.cancellation_reason)
    from saved where o.id = saved.order_id and o.status = $9
    returning o.id, o.cart_id),
  transition as (
    insert into order_transitions (order_id, from_status, to_status, reason, actor)
    select id, $9, $10, $14, $15 from moved),
  converted as (
    update carts c set status = 'converted', updated_at = now()
    from moved where $16::boolean and c.id = moved.cart_id),
  events as (${outboxInsertSql(17)})
  select checkout_step_guard(exists (select from saved), $9::text is null or exists (select from moved)), now() as at`;

export const sagaStepsRepository = {
  /**
   * Saves a step and its effects; `lease-lost` (nothing written) if another process took the saga
   * over. Answers the statement's time: the moved order's updated_at and its transition's time.
   */
  async save(tx: SqlExecutor, step: StepSave): Promise<{ saved: true; at: Date } | { saved: false }> {
    const { change, move } = step;
    try {
      const { rows } = await tx.query<{ at: Date }>(
        SAVE_STEP,
        [
          step.orderId,
          step.owner,
          change.status,
          change.stepIndex,
          JSON.stringify(change.context),
          change.failure ? JSON.stringify(change.failure) : null,
          step.leaseMs / 1000,
          JSON.stringify(step.log.map((e) => ({ ...e, detail: e.detail?.slice(0, 1000) ?? null }))),
          move?.from ?? null,
          move?.to ?? null,
          move?.patch.payment_id ?? null,
          move?.patch.cancellation_code ?? null,
          move?.patch.cancellation_reason ?? null,
          move?.reason ?? null,
          move?.actor ?? null,
          move?.convertCart ?? false,
          step.events.json,
        ],
        { prepare: true },
      );
      return { saved: true, at: rows[0]!.at };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === LEASE_LOST) return { saved: false };
      if (code === ORDER_CHANGED) {
        throw problems.conflict('The order changed meanwhile; reload it and retry.', 'order-changed');
      }
      throw error;
    }
  },
};
