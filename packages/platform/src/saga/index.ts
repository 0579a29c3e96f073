export type {
  SagaDefinition,
  SagaFailure,
  SagaStep,
  StepInput,
  StepOutcome,
  StepRefusal,
} from './definition.js';
export { createSagaEngine, type SagaEngine, type SagaEngineOptions, type SagaHooks } from './engine.js';
export { createMemorySagaStore, type MemorySagaStore } from './memory-store.js';
export {
  type LoadedSaga,
  type SagaEntry,
  SagaLost,
  type SagaState,
  type SagaStatus,
  type SagaStore,
} from './store.js';
