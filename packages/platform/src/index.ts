export { holdInProcessDeliveries, openCache, openEventBus, openSqlDatabase } from './adapters.js';
export { authentication, principalOf } from './auth/authenticate.js';
export {
  ACCESS_TOKEN_ALGORITHMS,
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createTokenVerifier,
  type Principal,
  type Role,
  type TokenVerifier,
} from './auth/token-verifier.js';
export {
  type Batcher,
  type BatcherOptions,
  BatchItemFailure,
  createBatcher,
  sameTurnBatch,
} from './batching/batcher.js';
export type { Cache } from './cache/cache.js';
export { type CacheAside, createCacheAside } from './cache/cache-aside.js';
export { createMemoryCache } from './cache/memory-cache.js';
export { createRedisCache, createRedisClient } from './cache/redis-cache.js';
export {
  adapterUrl,
  baseServiceConfig,
  type ConfigCheck,
  ConfigError,
  internalTokenAlsoAcceptedValid,
  internalTokenConfig,
  internalTokenReceiverConfig,
  internalTokenRequiredInProduction,
  loadConfig,
  loadConfigOrExit,
  urlString,
} from './config.js';
export {
  type Consumer,
  DEFAULT_RETRY_DELAYS_MS,
  type DeadLetter,
  type EventBus,
  type EventPublisher,
  type Subscription,
} from './events/bus.js';
export {
  createEnvelope,
  type EventEnvelope,
  type EventSchemas,
  InvalidEventError,
  matchesTopic,
  type NewEvent,
  validateEnvelope,
} from './events/envelope.js';
export { createInProcessBus } from './events/in-process-bus.js';
export { createInboxBatcher, handleOnce, type InboxBatcherOptions } from './events/inbox.js';
export { type EventMetrics, eventMetrics } from './events/metrics.js';
export {
  createOutbox,
  type Emit,
  migrateEventTables,
  type Outbox,
  type OutboxOptions,
  outboxInsert,
  type StagedEvents,
} from './events/outbox.js';
export {
  createOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
} from './events/outbox-relay.js';
export type { ClaimedEvent, OutboxStore } from './events/outbox-store.js';
export { createRabbitMqBus, type RabbitMqBusOptions } from './events/rabbitmq-bus.js';
export { createSqlOutboxStore } from './events/sql-outbox-store.js';
export { isDateTime, isInt8String, isUuid } from './formats.js';
export {
  type AdmissionGate,
  type AdmissionGateOptions,
  ClientGone,
  createAdmissionGate,
} from './http/admission-gate.js';
export {
  type AppHostOptions,
  createService,
  hostOptions,
  type ServiceApp,
  type ServiceOptions,
} from './http/create-service.js';
export {
  PROBLEM_MEDIA_TYPE,
  problemResponse,
  problemSchema,
  refusals,
} from './http/documented-problems.js';
export type { ReadinessCheck } from './http/health.js';
export {
  type BatchAnswer,
  type BatchCall,
  INTERNAL_BATCH_PATH,
  MAX_BATCH_CALLS,
  registerInternalBatch,
} from './http/internal-batch.js';
export {
  INTERNAL_TOKEN_HEADER,
  internalTokenHeaders,
  requireInternalToken,
} from './http/internal-token.js';
export { type MetricsServer, serveMetricsOnOwnPort } from './http/metrics.js';
export { sendProblem } from './http/problem-handler.js';
export { type RunOptions, runService } from './http/run-service.js';
export { type FieldError, HttpProblem, PROBLEM_BASE, type ProblemBody, problems } from './problems.js';
export {
  type AppHost,
  type OpenedRuntime,
  openServiceRuntime,
  type RuntimeConfig,
  type ServiceRuntime,
  type ServiceRuntimeOptions,
  type Stoppable,
} from './runtime/service-runtime.js';
export {
  createMemorySagaStore,
  createSagaEngine,
  type LoadedSaga,
  type MemorySagaStore,
  type SagaDefinition,
  type SagaEngine,
  type SagaEngineOptions,
  type SagaEntry,
  type SagaFailure,
  type SagaHooks,
  SagaLost,
  type SagaState,
  type SagaStatus,
  type SagaStep,
  type SagaStore,
  type StepInput,
  type StepOutcome,
  type StepRefusal,
} from './saga/index.js';
export { serviceOverrides, withServiceOverrides } from './service-overrides.js';
export type { QueryOptions, QueryResult, SqlDatabase, SqlExecutor } from './sql/database.js';
export { runMigrations } from './sql/migrations.js';
export { createPgliteDatabase, createSharedPgliteDatabase } from './sql/pglite.js';
export { createPostgresDatabase, type PostgresOptions } from './sql/postgres.js';
export { isSqlStatement, type SqlStatement, sql } from './sql/statement.js';
export { type CallSpan, startCallSpan } from './tracing/client-spans.js';
export { injectRequestTrace } from './tracing/server-spans.js';
export { createWakeSignal, type WakeSignal } from './wake-signal.js';
