// What a saga is: an ordered list of named steps, each with its own undo. A definition says
// nothing about where progress is kept (a SagaStore does) nor who drives it (the engine does).
//
// Three types run through it, all opaque to the engine:
//   C  the context: facts the steps learn and later steps or compensations need; stored with the
//      saga as JSON.
//   S  the subject: what the saga works on (e.g. an order), loaded by the store and handed back by
//      it after every save, so that steps read it without a read of their own.
//   E  an effect: what a step asks the store to write with its progress (e.g. an order's move).

/** What a step refused with: a code for programs, a reason for people, and any details. */
export type StepRefusal = { code: string; reason: string } & { [detail: string]: unknown };

/** Why a saga failed: the refusal (or timeout) and the step it came from. */
export type SagaFailure = StepRefusal & { step: string };

export type StepOutcome<C, E> =
  | {
      kind: 'done';
      /** Facts later steps or compensations need; merged into the context. */
      learned?: Partial<C>;
      /** Written by the store together with the progress that records the step. */
      effect?: E;
    }
  | ({ kind: 'refused' } & StepRefusal);

/** What a step (or its compensation) is given. */
export interface StepInput<C, S> {
  sagaId: string;
  context: C;
  /** As of the last save. */
  subject: S;
}

export interface SagaStep<C, S, E> {
  /** Progress is kept by this name: renaming a step is a migration, inserting one is not. */
  name: string;
  /**
   * Does the step. A refusal fails the saga; a thrown error the definition deems transient is
   * retried until the timeout; any other thrown error stops the run, leaving the saga as last
   * saved for a later run to resume.
   */
  run(input: StepInput<C, S>): Promise<StepOutcome<C, E>>;
  /**
   * Undoes the step, whether it was done, refused or never answered (its effect may exist though
   * its answer was lost). Must be idempotent and must not refuse: it is retried until it succeeds.
   */
  compensate?(input: StepInput<C, S>): Promise<void>;
  /**
   * How long the step may take, retries included, before it counts as failed (and is
   * compensated). None: the step is retried for as long as it takes.
   */
  timeoutMs?: number;
  /** The refusal a timeout counts as. Default: code `timeout`. */
  timedOut?(): StepRefusal;
  /**
   * Once this step is saved the saga's outcome is known to whoever waits for it (it can only go
   * forward from here): the engine calls its `onDecided` hook with that save.
   */
  decisive?: boolean;
}

export interface SagaDefinition<C, S, E> {
  /** Steps in the order they run; compensations run newest first. */
  steps: SagaStep<C, S, E>[];
  /**
   * Whether a thrown error may pass if the step is tried again (no answer, 5xx), as opposed to a
   * bug or a lost saga.
   */
  isTransient(error: unknown): boolean;
  /**
   * Every step is idempotent, so a run may repeat the steps done since the last save after a
   * crash. With this set the engine saves forward progress only when it must (the saga ends or
   * fails, a step has to wait for a retry, or `saveEveryMs` went by): one write per saga instead
   * of one per step. Without it every step is saved as it ends.
   */
  idempotentSteps?: boolean;
  /**
   * A last, local undo recorded with the save that ends a compensation: its name in the step log
   * and the effect the store writes with it (e.g. the order's cancellation).
   */
  whenCompensated?: { name: string; effect(failure: SagaFailure, input: StepInput<C, S>): E };
}
