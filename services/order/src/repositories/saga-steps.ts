// SQL that saves a checkout saga's progress together with everything it records, in one
// statement: the saga's state and step log, the order's moves and their transitions, the cart's
// conversion (or the release of its checkout claim) and the events. One statement is atomic on its own, so saving costs one round trip
// instead of BEGIN, four statements and COMMIT; and one save may carry several steps.
import type { OrderStatus } from '@emporium/contracts/order';
import { outboxInsert, problems, type SqlExecutor, type StagedEvents, sql } from '@emporium/platform';
import type { OrderTransition, TransitionPatch } from './orders.js';
import type { SagaContext, SagaFailure, SagaLogEntry, SagaStatus } from './sagas.js';

/** The fields a checkout step may set with a move. */
export type StepPatch = Pick<TransitionPatch, 'paymentId' | 'cancellationCode' | 'cancellationReason'>;

/** How long before the save something happened: progress may be saved after the fact. */
interface Earlier {
  agoSeconds?: number;
}

/** One move of the order: the transition it records. */
export interface StepTransition extends Earlier {
  to: OrderStatus;
  reason: string;
  actor: string;
}

/** The order's moves since the last save, oldest first: the order must still be `from`. */
export interface StepMoves {
  from: OrderStatus;
  transitions: StepTransition[];
  /** The fields the moves set, together. */
  patch: StepPatch;
  /** The order's cart becomes converted with the moves. */
  convertCart: boolean;
  /** The order gives its cart's checkout claim back with the moves (the checkout failed). */
  releaseCart?: boolean;
}

export interface StepSave {
  orderId: string;
  owner: string;
  leaseMs: number;
  change: {
    status: SagaStatus;
    /** The steps taken, by name. */
    taken: string[];
    /** The same progress as a position, for a release that still reads positions. */
    stepIndex: number;
    context: SagaContext;
    failure: SagaFailure | null;
  };
  log: (SagaLogEntry & Earlier)[];
  moves?: StepMoves;
  events: StagedEvents;
}

// checkout_step_guard (migration 0002) raises these when the statement must write nothing.
const LEASE_LOST = 'OR001';
const ORDER_CHANGED = 'OR002';

// Every write selects from `saved` (the saga row updated only while `owner` holds the lease), and
// the order's writes from `moved` too. The events insert cannot select from them (it reads its
// parameter), so the guard aborts the whole statement when either came back empty. Log entries
// and transitions saved after the fact keep their own times: the statement's time less their age.
function saveStepStatement(step: StepSave, transitions: ReturnType<typeof transitionRows>) {
  const { change, moves } = step;
  const from = moves?.transitions.length ? moves.from : null;
  const to = moves?.transitions.at(-1)?.to ?? null;
  const log = step.log.map(({ agoSeconds, ...e }) => ({
    ...e,
    detail: e.detail?.slice(0, 1000) ?? null,
    ago: agoSeconds ?? 0,
  }));
  return sql`with saved as (
    update checkout_sagas set status = ${change.status}, step_index = ${change.stepIndex}, taken = ${change.taken},
      context = ${JSON.stringify(change.context)},
      failure = ${change.failure ? JSON.stringify(change.failure) : null},
      step_started_at = now(), lease_until = now() + make_interval(secs => ${step.leaseMs / 1000}), updated_at = now()
    where order_id = ${step.orderId} and lease_owner = ${step.owner}
    returning order_id),
  logged as (
    insert into checkout_saga_log (order_id, step, action, outcome, detail, at)
    select saved.order_id, e.step, e.action, e.outcome, e.detail, now() - make_interval(secs => e.ago)
    from saved, rows from (jsonb_to_recordset(${JSON.stringify(log)}::jsonb)
      as (step text, action text, outcome text, detail text, ago float8))
      with ordinality as e(step, action, outcome, detail, ago, n)
    order by e.n),
  moved as (
    update orders o set status = ${to}::text, updated_at = now(),
      payment_id = coalesce(${moves?.patch.paymentId ?? null}, o.payment_id),
      cancellation_code = coalesce(${moves?.patch.cancellationCode ?? null}, o.cancellation_code),
      cancellation_reason = coalesce(${moves?.patch.cancellationReason ?? null}, o.cancellation_reason)
    from saved where o.id = saved.order_id and o.status = ${from}::text
    returning o.id, o.cart_id),
  transition as (
    insert into order_transitions (order_id, from_status, to_status, reason, actor, at)
    select moved.id, t.from_status, t.to_status, t.reason, t.actor, now() - make_interval(secs => t.ago)
    from moved, rows from (jsonb_to_recordset(${JSON.stringify(transitions)}::jsonb)
      as (from_status text, to_status text, reason text, actor text, ago float8))
      with ordinality as t(from_status, to_status, reason, actor, ago, n)
    order by t.n),
  converted as (
    update carts c set status = 'converted', updated_at = now()
    from moved where ${moves?.convertCart ?? false}::boolean and c.id = moved.cart_id),
  released as (
    delete from cart_checkouts k using moved
    where ${moves?.releaseCart ?? false}::boolean and k.cart_id = moved.cart_id and k.order_id = moved.id),
  events as (${outboxInsert(step.events.json)})
  select checkout_step_guard(exists (select from saved), ${from}::text is null or exists (select from moved)),
    now() as at`;
}

/** The transitions of `moves` as rows, each from the status the one before it reached. */
function transitionRows(moves: StepMoves) {
  let from: OrderStatus = moves.from;
  return moves.transitions.map((t) => {
    const row = {
      from_status: from,
      to_status: t.to,
      reason: t.reason,
      actor: t.actor,
      ago: t.agoSeconds ?? 0,
    };
    from = t.to;
    return row;
  });
}

export const sagaStepsRepository = {
  /**
   * Saves progress and its effects; `lease-lost` (nothing written) if another process took the saga
   * over. Answers the statement's time (the moved order's updated_at) and the transitions written.
   */
  async save(
    tx: SqlExecutor,
    step: StepSave,
  ): Promise<{ saved: true; at: Date; transitions: OrderTransition[] } | { saved: false }> {
    const transitions = step.moves ? transitionRows(step.moves) : [];
    try {
      const { rows } = await tx.query<{ at: Date }>(saveStepStatement(step, transitions), { prepare: true });
      const at = rows[0]!.at;
      return {
        saved: true,
        at,
        transitions: transitions.map((row) => ({
          from: row.from_status,
          to: row.to_status,
          reason: row.reason,
          actor: row.actor,
          at: new Date(at.getTime() - row.ago * 1000),
        })),
      };
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
