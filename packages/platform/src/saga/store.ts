// The port through which the saga engine keeps a saga's progress: the engine decides what to
// save and when, a store decides how (one SQL statement with the subject's changes, a map in
// tests). Progress is kept by step NAME, so a definition that gains a step does not shift the
// sagas already in flight.
import type { SagaFailure } from './definition.js';

export type SagaStatus = 'running' | 'compensating' | 'completed' | 'compensated';

export interface SagaState<C> {
  id: string;
  status: SagaStatus;
  /**
   * The steps taken whose effects may still stand, oldest first, by name. While running: the steps
   * done. While compensating: those not undone yet, the failed step included (its effect may exist
   * though its answer was lost); each compensation removes the last.
   */
  taken: string[];
  context: C;
  failure: SagaFailure | null;
}

/** One line of a saga's step log, with the effect the store writes with it. */
export interface SagaEntry<E> {
  step: string;
  action: 'invoke' | 'compensate';
  outcome: 'succeeded' | 'failed';
  detail?: string;
  /** When it happened (ms since the epoch); saved later when progress is saved lazily. */
  at: number;
  effect?: E;
}

/** A saga as its driver holds it: the state last saved and its subject as of that save. */
export interface LoadedSaga<C, S> {
  state: SagaState<C>;
  subject: S;
}

/** Another driver owns the saga now (or this one is stopping): stop without writing. */
export class SagaLost extends Error {
  constructor(sagaId: string) {
    super(`saga ${sagaId} is driven elsewhere now`);
    this.name = 'SagaLost';
  }
}

export interface SagaStore<C, S, E> {
  /** The saga and its subject if this process may drive it (e.g. holds its lease), else undefined. */
  load(sagaId: string): Promise<LoadedSaga<C, S> | undefined>;
  /**
   * Writes `next` with the entries since the last save and their effects, all or nothing, and
   * answers the saga as saved (the subject with the effects applied). `next.status` marks the saga
   * completed, failed (compensating) or compensated. Throws SagaLost if another driver owns it.
   */
  save(saga: LoadedSaga<C, S>, next: SagaState<C>, entries: SagaEntry<E>[]): Promise<LoadedSaga<C, S>>;
  /** Called while a step waits for a retry: false if this process may no longer drive the saga. */
  keep?(sagaId: string): Promise<boolean>;
}
