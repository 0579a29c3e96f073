// Keeps checkout sagas in the order database for the platform's saga engine. A save is one
// statement (saga-steps.ts): the saga's state and step log, the order's moves the steps asked for
// (checked against the order's state machine, each announcing its events) and the cart's
// conversion or release. A lease on each saga row makes sure one process drives it; a crashed
// driver's lease lapses and the recovery worker (any replica) claims it.
import type { LoadedSaga, Outbox, SagaEntry, SagaState, SagaStore, SqlDatabase } from '@emporium/platform';
import { SagaLost } from '@emporium/platform';
import { planMove } from '../orders/move-order.js';
import {
  type OrderTransition,
  ordersRepository as orders,
  type StoredOrder,
} from '../repositories/orders.js';
import { sagaStepsRepository as sagaSteps } from '../repositories/saga-steps.js';
import {
  type SagaContext,
  type SagaRecord,
  type SagaStatus,
  sagasRepository as sagas,
} from '../repositories/sagas.js';
import type { CheckoutSubject, SagaMove } from './checkout-saga.js';

export type CheckoutSaga = LoadedSaga<SagaContext, CheckoutSubject>;

const SAGA_ACTOR = 'checkout';

/**
 * The checkout's steps as the release that kept progress by position ran them: its rows (taken
 * null) are read through this list. It must not change with the definition.
 */
const POSITIONAL_STEPS = [
  'redeemPromotions',
  'reserveStock',
  'authorizePayment',
  'commitStock',
  'confirmOrder',
  'capturePayment',
];

/** Progress as a position, as a release keyed by position writes it: the next step, or the next to undo. */
function positionOf(status: SagaStatus, taken: readonly string[]): number {
  if (status === 'compensated') return -1;
  return status === 'compensating' ? taken.length - 1 : taken.length;
}

/**
 * The steps a saga row records as taken. A row whose position disagrees with its names was last
 * written by a release keyed by position (it does not write the names), so its position counts.
 */
export function takenOf(row: Pick<SagaRecord, 'status' | 'stepIndex' | 'taken'>): string[] {
  if (row.taken && positionOf(row.status, row.taken) === row.stepIndex) return row.taken;
  if (row.status === 'completed') return [...POSITIONAL_STEPS];
  const through = row.status === 'compensating' ? row.stepIndex + 1 : Math.max(row.stepIndex, 0);
  return POSITIONAL_STEPS.slice(0, row.status === 'compensated' ? 0 : through);
}

/** The saga of an order just placed with `context` (checkouts.ts writes both in one statement). */
export function placedSaga(
  order: StoredOrder,
  context: SagaContext,
  timeline: OrderTransition[],
): CheckoutSaga {
  return {
    state: { id: order.id, status: 'running', taken: [], context, failure: null },
    subject: { order, timeline },
  };
}

export interface CheckoutSagaStoreOptions {
  db: SqlDatabase;
  outbox: Outbox;
  /** Identifies this process in leases. */
  owner: string;
  leaseMs: number;
}

export function checkoutSagaStore(options: CheckoutSagaStoreOptions) {
  const { db, outbox, owner, leaseMs } = options;

  /** The moves the entries' effects ask for, each from the status the one before reached. */
  function planMoves(order: StoredOrder, entries: SagaEntry<SagaMove>[]) {
    const moves = entries
      .filter((entry) => entry.effect)
      .map((entry) => ({ ...entry.effect!, at: entry.at }));
    let moved = order;
    const events = [];
    for (const move of moves) {
      const planned = planMove(moved, move.to, move.patch);
      moved = planned.moved;
      events.push(...planned.events);
    }
    return { moves, moved, events };
  }

  const store: SagaStore<SagaContext, CheckoutSubject, SagaMove> = {
    async load(orderId) {
      const row = await sagas.renew(db, orderId, owner, leaseMs);
      if (!row) return undefined;
      const state: SagaState<SagaContext> = {
        id: row.orderId,
        status: row.status,
        taken: takenOf(row),
        context: row.context,
        failure: row.failure,
      };
      return { state, subject: { order: (await orders.find(db, orderId))! } };
    },

    async save({ subject: { order, timeline } }, next, entries) {
      // Saved after the fact: each row keeps the time it happened, not the time of the save.
      const savedAt = Date.now();
      const ago = (at: number) => Math.max(0, (savedAt - at) / 1000);
      const { moves, moved, events } = planMoves(order, entries);
      const staged = outbox.stage(events);
      const saved = await sagaSteps.save(db, {
        orderId: next.id,
        owner,
        leaseMs,
        change: {
          status: next.status,
          taken: next.taken,
          stepIndex: positionOf(next.status, next.taken),
          context: next.context,
          failure: next.failure,
        },
        log: entries.map(({ step, action, outcome, detail, at }) => ({
          step,
          action,
          outcome,
          ...(detail !== undefined && { detail }),
          agoSeconds: ago(at),
        })),
        ...(moves.length > 0 && {
          moves: {
            from: order.status,
            transitions: moves.map((move) => ({
              to: move.to,
              reason: move.reason,
              actor: SAGA_ACTOR,
              agoSeconds: ago(move.at),
            })),
            patch: Object.assign({}, ...moves.map((move) => move.patch)),
            convertCart: moves.some((move) => move.convertCart),
            releaseCart: moves.some((move) => move.releaseCart),
          },
        }),
        events: staged,
      });
      if (!saved.saved) throw new SagaLost(next.id);
      if (staged.envelopes.length > 0) outbox.kick();
      return {
        state: next,
        subject: {
          order: moved === order ? order : { ...moved, updatedAt: saved.at },
          ...(timeline && { timeline: [...timeline, ...saved.transitions] }),
        },
      };
    },

    async keep(orderId) {
      return (await sagas.renew(db, orderId, owner, leaseMs)) !== undefined;
    },
  };

  return {
    ...store,
    /** Claims unfinished sagas whose driver stopped renewing its lease; answers their ids. */
    claimAbandoned: (limit: number) => sagas.claimAbandoned(db, owner, leaseMs, limit),
    /** Lets other processes take this one's sagas over at once (it is shutting down). */
    releaseLeases: () => sagas.releaseLeases(db, owner),
  };
}
