// Drives checkout sagas: runs the steps of checkout-saga.ts in order, saves the progress in the
// order database (saga state, step log, the order's moves) when the checkout is done or has to
// wait (see runForward), retries transient failures with backoff until a step's deadline, and
// compensates newest-first when the checkout fails. A lease on each saga row makes sure only one
// process drives it; a crashed driver's lease expires and the recovery worker (any replica) takes
// the saga over from its last saved step, repeating the idempotent steps done since.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Outbox, SqlDatabase } from '@emporium/platform';
import type { FastifyBaseLogger } from 'fastify';
import { TransientCallError } from '../clients/http.js';
import type { PaymentClient } from '../clients/payment-client.js';
import type { PricingClient } from '../clients/pricing-client.js';
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
  pricing: PricingClient;
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

/** Log entries and order moves not saved yet, each stamped (performance.now()) when it happened. */
interface Progress {
  log: (SagaLogEntry & { at: number })[];
  moves: (SagaMove & { at: number })[];
}

function noProgress() {
  const progress = {
    log: [] as Progress['log'],
    moves: [] as Progress['moves'],
    /** A step that succeeded, and the order move it made, if any. */
    record(step: string, move: SagaMove | undefined, at: number) {
      progress.log.push({ step, action: 'invoke', outcome: 'succeeded', at });
      if (move) progress.moves.push({ ...move, at });
    },
  };
  return progress;
}

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
      pricing: options.pricing,
      reservationTtlSeconds: options.reservationTtlSeconds,
    };
  }

  type Change = Parameters<typeof sagaSteps.save>[1]['change'];

  /** Saves `progress` (log entries and order moves, each stamped when it happened) with `change`. */
  async function save(
    { saga, order, timeline }: Driven,
    change: Change,
    progress: Progress,
  ): Promise<Driven> {
    const savedAt = performance.now();
    const ago = (at: number) => Math.max(0, (savedAt - at) / 1000);
    // The order after each move in turn: the state machine checks every one, and each announces
    // its own events.
    let moved = order;
    const events = [];
    for (const move of progress.moves) {
      const planned = planMove(moved, move.to, move.patch);
      moved = planned.moved;
      events.push(...planned.events);
    }
    const staged = outbox.stage(events);
    const saved = await sagaSteps.save(db, {
      orderId: saga.order_id,
      owner,
      leaseMs,
      change,
      log: progress.log.map(({ at, ...entry }) => ({ ...entry, agoSeconds: ago(at) })),
      ...(progress.moves.length > 0 && {
        moves: {
          from: order.status,
          transitions: progress.moves.map((move) => ({
            to: move.to,
            reason: move.reason,
            actor: SAGA_ACTOR,
            agoSeconds: ago(move.at),
          })),
          patch: Object.assign({}, ...progress.moves.map((move) => move.patch)),
          convertCart: progress.moves.some((move) => move.convertCart),
          releaseCart: progress.moves.some((move) => move.releaseCart),
        },
      }),
      events: staged,
    });
    if (!saved.saved) throw new LeaseLost();
    if (staged.envelopes.length > 0) outbox.kick();
    return {
      saga: {
        ...saga,
        status: change.status,
        step_index: change.stepIndex,
        context: change.context,
        failure: change.failure,
        step_started_at: saved.at,
      },
      order: moved === order ? order : { ...moved, updated_at: saved.at },
      ...(timeline && { timeline: [...timeline, ...saved.transitions] }),
    };
  }

  /**
   * Keeps trying `attempt` while it fails transiently, renewing the lease; gives up at `deadline`.
   * `beforeWaiting` runs once, before the first wait.
   */
  async function retrying<T>(
    saga: SagaRow,
    what: string,
    attempt: () => Promise<T>,
    deadline: number | undefined,
    beforeWaiting?: () => Promise<void>,
  ): Promise<{ ok: true; value: T } | { ok: false }> {
    for (let tries = 0; ; tries++) {
      try {
        return { ok: true, value: await attempt() };
      } catch (error) {
        if (!(error instanceof TransientCallError)) throw error;
        if (deadline !== undefined && Date.now() >= deadline) return { ok: false };
        if (stopping) throw new LeaseLost();
        options.log.warn({ orderId: saga.order_id, step: what, err: error.message }, 'saga step retrying');
        if (tries === 0) await beforeWaiting?.();
        await sleep(backoff(tries));
        if (!(await sagas.renew(db, saga.order_id, owner, leaseMs))) throw new LeaseLost();
      }
    }
  }

  // Forward progress is saved once, when the checkout is done, not after every step: each step is
  // idempotent (checkout-saga.ts), so a driver that crashes before saving leaves a saga that the
  // recovery worker replays from its last save, and the repeated calls answer as the first did.
  // Progress is saved early when a step fails (with the failure, in the same statement), when a
  // step has to wait for an answer (the shopper learns where the order stands), and before half of
  // the lease has gone by unsaved (a save renews the lease).
  async function runForward(driven: Driven): Promise<Driven> {
    let { saga } = driven;
    let context = saga.context;
    let index = saga.step_index;
    let progress = noProgress();
    let stepStartedAt = saga.step_started_at.getTime();
    let savedAt = performance.now();

    async function saveProgress(status: SagaRow['status'], failure: SagaFailure | null = null) {
      const confirms = progress.log.some((entry) => entry.step === 'confirmOrder');
      driven = await save(driven, { status, stepIndex: index, context, failure }, progress);
      progress = noProgress();
      savedAt = performance.now();
      if (confirms) announceSettled(driven);
      saga = driven.saga;
    }

    while (saga.status === 'running' && index < steps.length) {
      const step: SagaStep = steps[index]!;
      const env = environment(driven.order, context);
      const deadline = step.deadlineMs ? stepStartedAt + step.deadlineMs : undefined;
      const result = await retrying(
        saga,
        step.name,
        () => step.invoke(env),
        deadline,
        async () => {
          if (progress.log.length > 0) await saveProgress('running');
        },
      );
      const outcome = result.ok
        ? result.value
        : { kind: 'refused' as const, code: 'timeout', reason: timeoutReason(step.name) };
      const at = performance.now();
      if (outcome.kind === 'refused') {
        // The failed step is compensated too: its effect may exist even if its answer was lost.
        progress.log.push({
          step: step.name,
          action: 'invoke',
          outcome: 'failed',
          detail: `${outcome.code}: ${outcome.reason}`,
          at,
        });
        await saveProgress('compensating', {
          step: step.name,
          code: outcome.code,
          reason: outcome.reason,
          ...('unavailable' in outcome && outcome.unavailable && { unavailable: outcome.unavailable }),
        });
        return driven;
      }
      progress.record(step.name, outcome.move, at);
      context = { ...context, ...outcome.learned };
      index++;
      // Local steps that follow happen now too.
      for (let local = steps[index]; local?.local; local = steps[index]) {
        const folded = await local.invoke(environment(driven.order, context));
        if (folded.kind !== 'done') break;
        progress.record(local.name, folded.move, at);
        context = { ...context, ...folded.learned };
        index++;
      }
      stepStartedAt = Date.now();
      if (index === steps.length) await saveProgress('completed');
      else if (performance.now() - savedAt > leaseMs / 2) await saveProgress('running');
    }
    return driven;
  }

  async function runCompensation(driven: Driven): Promise<void> {
    while (driven.saga.status === 'compensating') {
      const { saga } = driven;
      const index = saga.step_index;
      if (index < 0) {
        const failure = saga.failure!;
        const now = performance.now();
        const cancelled = await save(
          driven,
          { status: 'compensated', stepIndex: -1, context: saga.context, failure },
          {
            log: [
              {
                step: 'cancelOrder',
                action: 'compensate',
                outcome: 'succeeded',
                detail: failure.code,
                at: now,
              },
            ],
            moves: [
              {
                // An attempt, not an order: the cart's claim goes back with the move.
                to: 'checkout_failed',
                reason: failure.reason,
                patch: { cancellation_code: failure.code, cancellation_reason: failure.reason },
                releaseCart: true,
                at: now,
              },
            ],
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
        {
          log: [{ step: step.name, action: 'compensate', outcome: 'succeeded', at: performance.now() }],
          moves: [],
        },
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
