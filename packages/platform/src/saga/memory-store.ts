// A SagaStore in memory, for tests of definitions and of the engine: it keeps each saga's state,
// its step log and its subject (changed by the effects through `apply`), and can be told that
// another driver took a saga over.
import type { LoadedSaga, SagaEntry, SagaState, SagaStore } from './store.js';
import { SagaLost } from './store.js';

export interface MemorySagaStore<C, S, E> extends SagaStore<C, S, E> {
  /** Creates a saga, running from its first step. */
  create(id: string, context: C, subject: S): LoadedSaga<C, S>;
  /** The saga as last saved. */
  state(id: string): SagaState<C> | undefined;
  /** Every entry saved for the saga, in order. */
  log(id: string): SagaEntry<E>[];
  /** How many saves the saga took. */
  saves(id: string): number;
  /** From now on the saga belongs to another driver: saves fail and retries stop. */
  lose(id: string): void;
}

export function createMemorySagaStore<C, S, E>(
  apply: (subject: S, effect: E) => S = (subject) => subject,
): MemorySagaStore<C, S, E> {
  const sagas = new Map<string, { state: SagaState<C>; subject: S; log: SagaEntry<E>[]; saves: number }>();
  const lost = new Set<string>();
  const copy = (state: SagaState<C>): SagaState<C> => structuredClone(state);

  return {
    create(id, context, subject) {
      const state: SagaState<C> = { id, status: 'running', taken: [], context, failure: null };
      sagas.set(id, { state: copy(state), subject, log: [], saves: 0 });
      return { state, subject };
    },
    state: (id) => {
      const saga = sagas.get(id);
      return saga && copy(saga.state);
    },
    log: (id) => [...(sagas.get(id)?.log ?? [])],
    saves: (id) => sagas.get(id)?.saves ?? 0,
    lose(id) {
      lost.add(id);
    },

    async load(id) {
      const saga = sagas.get(id);
      if (!saga || lost.has(id)) return undefined;
      return { state: copy(saga.state), subject: saga.subject };
    },
    async save(_saga, next, entries) {
      const saga = sagas.get(next.id);
      if (!saga || lost.has(next.id)) throw new SagaLost(next.id);
      for (const entry of entries)
        if (entry.effect !== undefined) saga.subject = apply(saga.subject, entry.effect);
      saga.state = copy(next);
      saga.log.push(...entries);
      saga.saves++;
      return { state: copy(next), subject: saga.subject };
    },
    async keep(id) {
      return sagas.has(id) && !lost.has(id);
    },
  };
}
