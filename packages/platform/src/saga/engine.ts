// Drives sagas of one definition through a SagaStore: runs the steps in order, retries transient
// failures until a step's timeout, and when a step is refused or times out compensates every step
// taken, newest first (the failed one included: its effect may exist though its answer was lost).
// A run can stop anywhere (crash, lost lease); the next run resumes from the last save, by step
// name, and repeats what was done since (steps and compensations are idempotent).
//
// A compensation that throws something other than a transient error is recorded in the step log
// (outcome `failed`) and the run ends with the saga still compensating at that step; the next run
// (e.g. a recovery worker's, once the lease lapses) tries it again. It is never skipped: skipping
// would leave stock held or money taken.
import type { SagaDefinition, SagaStep, StepInput, StepRefusal } from './definition.js';
import { nextStepIndex } from './positions.js';
import { attemptUntilAnswered, TIMED_OUT } from './step-attempts.js';
import { type LoadedSaga, type SagaEntry, SagaLost, type SagaState, type SagaStore } from './store.js';

export interface SagaHooks<C, S> {
  /** A save recorded a `decisive` step: the saga's outcome is known (it only goes forward now). */
  onDecided?(saga: LoadedSaga<C, S>): void;
  onCompleted?(saga: LoadedSaga<C, S>): void;
  /** The saga failed and every step taken is undone. */
  onCompensated?(saga: LoadedSaga<C, S>): void;
  /** A step or compensation failed transiently and is tried again. */
  onRetry?(sagaId: string, step: string, error: unknown): void;
  /** A run stopped on an unexpected error, or a compensation failed: a later run resumes it. */
  onStopped?(sagaId: string, error: unknown): void;
}

export interface SagaEngineOptions<C, S, E> {
  definition: SagaDefinition<C, S, E>;
  store: SagaStore<C, S, E>;
  hooks?: SagaHooks<C, S>;
  /**
   * With idempotent steps, forward progress is saved at least this often (a store with leases
   * passes less than the lease, since a save renews it). Default: only when the saga must save.
   */
  saveEveryMs?: number;
  /** The wait before retry `attempt` (0 first). Default: 50 ms doubling up to 2 s. */
  retryDelayMs?(attempt: number): number;
  now?(): number;
}

const defaultRetryDelay = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);

export function createSagaEngine<C, S, E>(options: SagaEngineOptions<C, S, E>) {
  const { definition, store, hooks = {} } = options;
  const { steps } = definition;
  const now = options.now ?? Date.now;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;
  const saveEveryMs = definition.idempotentSteps ? (options.saveEveryMs ?? Number.POSITIVE_INFINITY) : 0;
  const byName = new Map(steps.map((step) => [step.name, step]));
  const decisive = new Set(steps.filter((step) => step.decisive).map((step) => step.name));
  const driving = new Map<string, Promise<void>>();
  let stopping = false;

  const inputOf = (saga: LoadedSaga<C, S>, context: C = saga.state.context): StepInput<C, S> => ({
    sagaId: saga.state.id,
    context,
    subject: saga.subject,
  });

  function attempt<T>(
    sagaId: string,
    step: string,
    work: () => Promise<T>,
    deadline?: number,
    beforeWaiting?: () => Promise<void>,
  ) {
    return attemptUntilAnswered(work, {
      sagaId,
      step,
      isTransient: definition.isTransient,
      deadline,
      now,
      retryDelayMs,
      beforeWaiting,
      stillOurs: async () => !stopping && (store.keep ? await store.keep(sagaId) : true),
      onRetry: (error) => hooks.onRetry?.(sagaId, step, error),
    });
  }

  function refusalOf(
    step: SagaStep<C, S, E>,
    outcome: Awaited<ReturnType<SagaStep<C, S, E>['run']>> | typeof TIMED_OUT,
  ) {
    if (outcome === TIMED_OUT)
      return step.timedOut?.() ?? { code: 'timeout', reason: `${step.name} timed out` };
    if (outcome.kind === 'done') return undefined;
    const { kind: _kind, ...refusal } = outcome;
    return refusal as StepRefusal;
  }

  async function runForward(saga: LoadedSaga<C, S>): Promise<LoadedSaga<C, S>> {
    const sagaId = saga.state.id;
    let { context, taken } = saga.state;
    let unsaved: SagaEntry<E>[] = [];
    let savedAt = now();

    async function save(next: Omit<SagaState<C>, 'id' | 'context' | 'taken'>) {
      const entries = unsaved;
      unsaved = [];
      saga = await store.save(saga, { id: sagaId, context, taken, ...next }, entries);
      savedAt = now();
      if (entries.some((entry) => entry.outcome === 'succeeded' && decisive.has(entry.step))) {
        hooks.onDecided?.(saga);
      }
    }

    for (let index = nextStepIndex(steps, taken); index < steps.length; index++) {
      const step = steps[index]!;
      const input = inputOf(saga, context);
      const deadline = step.timeoutMs === undefined ? undefined : now() + step.timeoutMs;
      const outcome = await attempt(
        sagaId,
        step.name,
        () => step.run(input),
        deadline,
        async () => {
          // The shopper (or operator) sees what is done before the saga sits waiting.
          if (unsaved.length > 0) await save({ status: 'running', failure: null });
        },
      );
      const refusal = refusalOf(step, outcome);
      if (refusal) {
        unsaved.push({
          step: step.name,
          action: 'invoke',
          outcome: 'failed',
          detail: `${refusal.code}: ${refusal.reason}`,
          at: now(),
        });
        taken = [...taken, step.name];
        await save({ status: 'compensating', failure: { step: step.name, ...refusal } });
        return saga;
      }
      const done = outcome as Exclude<typeof outcome, typeof TIMED_OUT> & { kind: 'done' };
      unsaved.push({
        step: step.name,
        action: 'invoke',
        outcome: 'succeeded',
        at: now(),
        ...(done.effect !== undefined && { effect: done.effect }),
      });
      context = { ...context, ...done.learned };
      taken = [...taken, step.name];
      if (index === steps.length - 1) {
        await save({ status: 'completed', failure: null });
        hooks.onCompleted?.(saga);
      } else if (now() - savedAt >= saveEveryMs) {
        await save({ status: 'running', failure: null });
      }
    }
    return saga;
  }

  async function runCompensation(saga: LoadedSaga<C, S>): Promise<LoadedSaga<C, S>> {
    while (saga.state.status === 'compensating') {
      const { state } = saga;
      const last = state.taken.at(-1);
      if (last === undefined) {
        const ending = definition.whenCompensated;
        const failure = state.failure ?? { step: '', code: 'unknown', reason: 'unknown' };
        const entries: SagaEntry<E>[] = ending
          ? [
              {
                step: ending.name,
                action: 'compensate',
                outcome: 'succeeded',
                detail: failure.code,
                at: now(),
                effect: ending.effect(failure, inputOf(saga)),
              },
            ]
          : [];
        saga = await store.save(saga, { ...state, status: 'compensated' }, entries);
        hooks.onCompensated?.(saga);
        return saga;
      }
      const step = byName.get(last);
      try {
        if (!step) throw new Error(`step ${last} is not in this definition, so it cannot be undone here`);
        const { compensate } = step;
        // No deadline: what a step holds (stock, money) must be given back, however long it takes.
        if (compensate) await attempt(state.id, `${last}:compensate`, () => compensate(inputOf(saga)));
      } catch (error) {
        if (error instanceof SagaLost) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        saga = await store.save(saga, state, [
          { step: last, action: 'compensate', outcome: 'failed', detail, at: now() },
        ]);
        hooks.onStopped?.(state.id, error);
        return saga;
      }
      saga = await store.save(saga, { ...state, taken: state.taken.slice(0, -1) }, [
        { step: last, action: 'compensate', outcome: 'succeeded', at: now() },
      ]);
    }
    return saga;
  }

  /** Runs `saga` as far as it goes: to its end, or to a compensation that must be tried later. */
  async function run(saga: LoadedSaga<C, S>): Promise<LoadedSaga<C, S>> {
    const forward = saga.state.status === 'running' ? await runForward(saga) : saga;
    return runCompensation(forward);
  }

  async function driveOnce(sagaId: string, loaded?: LoadedSaga<C, S>): Promise<void> {
    try {
      const saga = loaded ?? (await store.load(sagaId));
      if (saga) await run(saga);
    } catch (error) {
      if (error instanceof SagaLost) return;
      // Left as last saved: a later run (a recovery worker's) resumes it.
      hooks.onStopped?.(sagaId, error);
    }
  }

  return {
    run,

    /**
     * Runs a saga unless this process already does (then answers that run). `loaded`: the saga
     * as just created here, so it need not be read back. Never rejects.
     */
    drive(sagaId: string, loaded?: LoadedSaga<C, S>): Promise<void> {
      const running = driving.get(sagaId);
      if (running) return running;
      const started = driveOnce(sagaId, loaded).finally(() => driving.delete(sagaId));
      driving.set(sagaId, started);
      return started;
    },

    /** Stops retrying and waits up to `graceMs` for the runs under way. */
    async stop(graceMs: number): Promise<void> {
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...driving.values()]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

export type SagaEngine<C, S, E> = ReturnType<typeof createSagaEngine<C, S, E>>;
