// Drives checkout sagas: runs the steps of checkout-saga.ts in order, records each outcome in the
// order database (saga state + step log) before moving on, retries transient failures with
// backoff until a step's deadline, and compensates newest-first when the checkout fails. A lease
// on each saga row makes sure only one process drives it; a crashed driver's lease expires and the
// recovery worker (any replica) takes the saga over from its last recorded step.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Outbox, SqlDatabase } from '@emporium/platform';
import type { FastifyBaseLogger } from 'fastify';
import { TransientCallError } from '../clients/http.js';
import type { PaymentClient } from '../clients/payment-client.js';
import type { ProductClient } from '../clients/product-client.js';
import { planMove } from '../orders/move-order.js';
import { type OrderRow, ordersRepository as orders, type TransitionRow } from '../repositories/orders.js';
import { sagaStepsRepository as sagaSteps } from '../repositories/saga-steps.js';
import {
  type SagaContext,
  type SagaFailure,
  type SagaLogEntry,
  type SagaRow,
  sagasRepository as sagas,
} from '../repositories/sagas.js';
import { timeoutReason } from './cancellation-reasons.js';
import { checkoutSteps, type SagaMove, type SagaStep, type StepEnv } from './checkout-saga.js';

export interface SagaRunnerOptions {
  db: SqlDatabase;
  outbox: Outbox;
  products: ProductClient;
  payments: PaymentClient;
  log: FastifyBaseLogger;
  /** Identifies this process in leases. */
  owner: string;
  leaseMs: number;
  stepDeadlineMs: number;
  reservationTtlSeconds: number;
}

class LeaseLost extends Error {}

/** A saga being driven, with its order as last written. */
export interface Driven {
  saga: SagaRow;
  order: OrderRow;
  /**
   * The order's transitions, kept only for a saga placed by this process (where they are known
   * without a read), so that checkout can answer with the settled order without reading it back.
   */
  timeline?: TransitionRow[];
}

const SAGA_ACTOR = 'checkout';
const backoff = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);

export function createSagaRunner(options: SagaRunnerOptions) {
  const { db, outbox, owner, leaseMs } = options;
  const steps = checkoutSteps(options.stepDeadlineMs);
  const driving = new Map<string, Promise<void>>();
  const settledWaiters = new Map<string, ((driven?: Driven) => void)[]>();
  let stopping = false;

  function announceSettled(driven: Driven) {
    const orderId = driven.saga.order_id;
    for (const resolve of settledWaiters.get(orderId) ?? []) resolve(driven);
    settledWaiters.delete(orderId);
  }

  // The saga holds the order in memory between steps: each save yields the order it wrote, so
  // nothing is read back; the lease guarantees no other driver writes it meanwhile.
  function environment(order: OrderRow, context: SagaContext): StepEnv {
    return {
      order,
      context,
      products: options.products,
      payments: options.payments,
      reservationTtlSeconds: options.reservationTtlSeconds,
    };
  }

  type Change = Parameters<typeof sagaSteps.save>[1]['change'];

  /**
   * Saves progress, its step-log entries and the step's order move with its events, in one
   * statement; throws LeaseLost (and nothing is written) if another process took over.
   */
  async function save(
    { saga, order, timeline }: Driven,
    change: Change,
    log: SagaLogEntry[],
    move?: SagaMove,
  ): Promise<Driven> {
    const planned = move && planMove(order, move.to, move.patch);
    const events = outbox.stage(planned?.events ?? []);
    const saved = await sagaSteps.save(db, {
      orderId: saga.order_id,
      owner,
      leaseMs,
      change,
      log,
      ...(move && {
        move: {
          from: order.status,
          to: move.to,
          reason: move.reason,
          actor: SAGA_ACTOR,
          patch: move.patch ?? {},
          convertCart: move.convertCart ?? false,
        },
      }),
      events,
    });
    if (!saved.saved) throw new LeaseLost();
    if (events.envelopes.length > 0) outbox.kick();
    return {
      saga: {
        ...saga,
        status: change.status,
        step_index: change.stepIndex,
        context: change.context,
        failure: change.failure,
        step_started_at: saved.at,
      },
      order: planned ? { ...planned.moved, updated_at: saved.at } : order,
      ...(timeline && {
        timeline: move
          ? [
              ...timeline,
              {
                from_status: order.status,
                to_status: move.to,
                reason: move.reason,
                actor: SAGA_ACTOR,
                at: saved.at,
              },
            ]
          : timeline,
      }),
    };
  }

  /** Keeps trying `attempt` while it fails transiently, renewing the lease; gives up at `deadline`. */
  async function retrying<T>(
    saga: SagaRow,
    what: string,
    attempt: () => Promise<T>,
    deadline: number | undefined,
  ): Promise<{ ok: true; value: T } | { ok: false }> {
    for (let tries = 0; ; tries++) {
      try {
        return { ok: true, value: await attempt() };
      } catch (error) {
        if (!(error instanceof TransientCallError)) throw error;
        if (deadline !== undefined && Date.now() >= deadline) return { ok: false };
        if (stopping) throw new LeaseLost();
        options.log.warn({ orderId: saga.order_id, step: what, err: error.message }, 'saga step retrying');
        await sleep(backoff(tries));
        if (!(await sagas.renew(db, saga.order_id, owner, leaseMs))) throw new LeaseLost();
      }
    }
  }

  async function runForward(driven: Driven): Promise<Driven> {
    let { saga } = driven;
    while (saga.status === 'running' && saga.step_index < steps.length) {
      const step: SagaStep = steps[saga.step_index]!;
      const env = environment(driven.order, saga.context);
      const deadline = step.deadlineMs ? saga.step_started_at.getTime() + step.deadlineMs : undefined;
      const result = await retrying(saga, step.name, () => step.invoke(env), deadline);
      const outcome = result.ok
        ? result.value
        : { kind: 'refused' as const, code: 'timeout', reason: timeoutReason(step.name) };
      if (outcome.kind === 'done') {
        const done: string[] = [step.name];
        let move = outcome.move;
        let context = { ...saga.context, ...outcome.learned };
        let next = saga.step_index + 1;
        // Local steps that follow are saved with this one: one statement instead of one each. A
        // statement moves the order once, so a second move waits for a save of its own.
        for (let local = steps[next]; local?.local; local = steps[next]) {
          const folded = await local.invoke(environment(driven.order, context));
          if (folded.kind !== 'done' || (folded.move && move)) break;
          done.push(local.name);
          move ??= folded.move;
          context = { ...context, ...folded.learned };
          next++;
        }
        driven = await save(
          driven,
          {
            status: next === steps.length ? 'completed' : 'running',
            stepIndex: next,
            context,
            failure: null,
          },
          done.map((name) => ({ step: name, action: 'invoke', outcome: 'succeeded' })),
          move,
        );
        if (done.includes('confirmOrder')) announceSettled(driven);
      } else {
        const failure: SagaFailure = { step: step.name, code: outcome.code, reason: outcome.reason };
        // The failed step is compensated too: its effect may exist even if its answer was lost.
        driven = await save(
          driven,
          { status: 'compensating', stepIndex: saga.step_index, context: saga.context, failure },
          [
            {
              step: step.name,
              action: 'invoke',
              outcome: 'failed',
              detail: `${outcome.code}: ${outcome.reason}`,
            },
          ],
        );
      }
      saga = driven.saga;
    }
    return driven;
  }

  async function runCompensation(driven: Driven): Promise<void> {
    while (driven.saga.status === 'compensating') {
      const { saga } = driven;
      const index = saga.step_index;
      if (index < 0) {
        const failure = saga.failure!;
        const cancelled = await save(
          driven,
          { status: 'compensated', stepIndex: -1, context: saga.context, failure },
          [{ step: 'cancelOrder', action: 'compensate', outcome: 'succeeded', detail: failure.code }],
          {
            to: 'cancelled',
            reason: failure.reason,
            patch: { cancellation_code: failure.code, cancellation_reason: failure.reason },
          },
        );
        announceSettled(cancelled);
        return;
      }
      const step = steps[index]!;
      if (step.compensate) {
        const env = environment(driven.order, saga.context);
        // Compensations have no deadline: stock and money must be given back, however long it takes.
        await retrying(saga, `${step.name}:compensate`, () => step.compensate!(env), undefined);
      }
      driven = await save(
        driven,
        { status: 'compensating', stepIndex: index - 1, context: saga.context, failure: saga.failure },
        [{ step: step.name, action: 'compensate', outcome: 'succeeded' }],
      );
    }
  }

  /** A fresh saga (just created with this process's lease), or one to resume from the database. */
  async function load(orderId: string, fresh?: Driven): Promise<Driven | undefined> {
    if (fresh) return fresh;
    const saga = await sagas.renew(db, orderId, owner, leaseMs);
    if (!saga) return undefined;
    return { saga, order: (await orders.find(db, orderId))! };
  }

  async function drive(orderId: string, fresh?: Driven): Promise<void> {
    try {
      const loaded = await load(orderId, fresh);
      if (!loaded) return;
      await runCompensation(await runForward(loaded));
    } catch (error) {
      if (error instanceof LeaseLost) return;
      // Left as it is: the lease expires and the recovery worker resumes from the last saved step.
      options.log.error({ err: error, orderId }, 'saga stopped; recovery will resume it');
    }
  }

  return {
    /**
     * Drives a saga this process holds the lease of (no-op if it is already being driven here).
     * `fresh`: the saga and order just created in this process, so they need not be read back.
     */
    drive(orderId: string, fresh?: Driven): Promise<void> {
      const running = driving.get(orderId);
      if (running) return running;
      const run = drive(orderId, fresh).finally(() => driving.delete(orderId));
      driving.set(orderId, run);
      return run;
    },

    /**
     * Resolves when the order is confirmed or cancelled by this process (with the saga as saved
     * then), or with undefined after `ms`.
     */
    async settled(orderId: string, ms: number): Promise<Driven | undefined> {
      let resolve!: (driven?: Driven) => void;
      const done = new Promise<Driven | undefined>((r) => {
        resolve = r;
      });
      settledWaiters.set(orderId, [...(settledWaiters.get(orderId) ?? []), resolve]);
      const timer = setTimeout(() => resolve(), ms);
      const driven = await done;
      clearTimeout(timer);
      const waiters = settledWaiters.get(orderId)?.filter((w) => w !== resolve);
      if (waiters?.length) settledWaiters.set(orderId, waiters);
      else settledWaiters.delete(orderId);
      return driven;
    },

    /** Takes over sagas whose driver died, and drives them. Returns how many it claimed. */
    async recoverAbandoned(limit = 20): Promise<number> {
      const claimed = await sagas.claimAbandoned(db, owner, leaseMs, limit);
      for (const orderId of claimed) void this.drive(orderId);
      return claimed.length;
    },

    /** Stops driving, waits briefly for running steps, and hands the rest to other replicas. */
    async stop(graceMs = 5000): Promise<void> {
      stopping = true;
      await Promise.race([Promise.allSettled([...driving.values()]), sleep(graceMs)]);
      await sagas.releaseLeases(db, owner).catch(() => {});
    },

    get owner() {
      return owner;
    },
  };
}

export type SagaRunner = ReturnType<typeof createSagaRunner>;
