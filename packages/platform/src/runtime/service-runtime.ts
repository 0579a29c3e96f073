// One start-up for every service: opens the adapters a service asks for by URL (SQL database,
// event bus, cache), migrates, starts the outbox relay, builds the readiness checks, logger and
// metrics registry its app uses, and closes it all again with one close(). Workers, relays,
// sweepers and consumers a service starts are handed to own() or subscribe(), so no service
// writes its close order by hand: things registered later close first (a worker stops before
// the outbox it writes to, the outbox before the bus it publishes to, all before the database).
// Drivers still load on first use (load-on-first-use.ts): asking for PGlite, memory or the
// in-process bus never imports pg, ioredis or rabbitmq-client.
import { eventSchemas } from '@emporium/contracts';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { openCache, openEventBus, openSqlDatabase } from '../adapters.js';
import type { Cache } from '../cache/cache.js';
import type { Consumer, EventBus, Subscription } from '../events/bus.js';
import { createOutbox, migrateEventTables, type Outbox, type OutboxOptions } from '../events/outbox.js';
import type { ReadinessCheck } from '../http/health.js';
import { createServiceLogger } from '../http/logger.js';
import { createMetricsRegistry } from '../http/metrics.js';
import type { SqlDatabase } from '../sql/database.js';
import { runMigrations } from '../sql/migrations.js';

/** The settings of a service's config (loadConfig) the runtime reads. */
export interface RuntimeConfig {
  LOG_LEVEL?: string;
  DATABASE_URL?: string;
  AMQP_URL?: string;
  /** The topic exchange events are published to. */
  EVENTS_EXCHANGE?: string;
  REDIS_URL?: string;
}

export interface ServiceRuntimeOptions {
  /** The service's name: its logger's and metrics' label, its SQL application name, its events' source. */
  name: string;
  config: RuntimeConfig;
  /** Process-wide metrics (heap, event loop); off in tests that start many services in one process. */
  processMetrics?: boolean;
  /** Open DATABASE_URL. */
  sql?: {
    /** The service's own migrations folder. */
    migrations?: string;
    /**
     * The platform's event tables (outbox, inbox): 'first' when a migration of the service writes
     * events, 'last' otherwise. Left out: the service keeps no events in this database.
     */
    eventTables?: 'first' | 'last';
  };
  /** Open the event bus at AMQP_URL. */
  events?: {
    /** Start a relayed outbox on the SQL database (which needs `sql.eventTables`). */
    outbox?: boolean | Pick<OutboxOptions, 'batchSize' | 'idleDelayMs' | 'minPassIntervalMs' | 'relays'>;
  };
  /** Open the cache at REDIS_URL, its keys under keyPrefix. */
  cache?: { keyPrefix: string };
}

/** Something the runtime stops (or closes) when it closes. */
export type Stoppable = { stop(): unknown } | { close(): unknown };

/** What every buildApp passes on to createService: the runtime's logger, registry and checks. */
export interface AppHost {
  logger: Logger;
  metrics: Registry;
  readiness: Record<string, ReadinessCheck>;
}

export interface ServiceRuntime {
  name: string;
  log: Logger;
  metrics: Registry;
  /** One check per adapter opened: database, events, cache. */
  readiness: Record<string, ReadinessCheck>;
  host: AppHost;
  /** Stops or closes `part` when the runtime closes, before anything registered earlier. */
  own<T extends Stoppable>(part: T): T;
  /** Subscribes a consumer; it stops before whatever was registered earlier (its handlers' needs). */
  subscribe(subscription: Subscription): Promise<Consumer>;
  /** Stops and closes everything, latest first; every part gets closed even if one fails. */
  close(): Promise<void>;
}

type WithSql<O> = O extends { sql: object } ? { db: SqlDatabase } : unknown;
type WithBus<O> = O extends { events: object } ? { bus: EventBus } : unknown;
type WithCache<O> = O extends { cache: object } ? { cache: Cache } : unknown;
type WithOutbox<O> = O extends { sql: object; events: { outbox: true | object } }
  ? { outbox: Outbox }
  : unknown;
export type OpenedRuntime<O extends ServiceRuntimeOptions> = ServiceRuntime &
  WithSql<O> &
  WithBus<O> &
  WithCache<O> &
  WithOutbox<O>;

const stop = (part: Stoppable) => ('stop' in part ? part.stop() : part.close());

function required(
  config: RuntimeConfig,
  key: 'DATABASE_URL' | 'AMQP_URL' | 'REDIS_URL',
  name: string,
): string {
  const value = config[key];
  if (!value) throw new Error(`${name}: ${key} is required`);
  return value;
}

export async function openServiceRuntime<const O extends ServiceRuntimeOptions>(
  options: O,
): Promise<OpenedRuntime<O>> {
  const { name, config } = options;
  const log = createServiceLogger(name, config.LOG_LEVEL ?? 'info');
  const metrics = createMetricsRegistry(name, options.processMetrics ?? false);
  const readiness: Record<string, ReadinessCheck> = {};
  const owned: Stoppable[] = [];
  const own = <T extends Stoppable>(part: T): T => {
    owned.push(part);
    return part;
  };

  async function close(): Promise<void> {
    const failures: unknown[] = [];
    for (const part of owned.splice(0).reverse()) {
      try {
        await stop(part);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0)
      throw new AggregateError(failures, `${name}: ${failures.length} part(s) failed to close`);
  }

  const opened: Partial<{ db: SqlDatabase; bus: EventBus; cache: Cache; outbox: Outbox }> = {};
  try {
    if (options.sql) {
      const db = own(await openSqlDatabase(required(config, 'DATABASE_URL', name), name));
      const { migrations, eventTables } = options.sql;
      if (eventTables === 'first') await migrateEventTables(db);
      if (migrations) await runMigrations(db, migrations);
      if (eventTables === 'last') await migrateEventTables(db);
      readiness.database = () => db.ping();
      opened.db = db;
    }
    if (options.cache) {
      const cache = own(openCache(required(config, 'REDIS_URL', name), options.cache.keyPrefix));
      readiness.cache = () => cache.ping();
      opened.cache = cache;
    }
    if (options.events) {
      const bus = own(
        openEventBus(required(config, 'AMQP_URL', name), eventSchemas, {
          exchange: config.EVENTS_EXCHANGE,
          metrics,
          onError: (error) => log.warn({ err: error }, 'event bus error'),
        }),
      );
      readiness.events = () => bus.ping();
      opened.bus = bus;
      const outboxOptions = options.events.outbox;
      if (outboxOptions) {
        if (!opened.db || !options.sql?.eventTables)
          throw new Error(`${name}: an outbox needs sql.eventTables`);
        opened.outbox = own(
          createOutbox({
            ...(outboxOptions === true ? {} : outboxOptions),
            db: opened.db,
            publisher: bus,
            source: `/services/${name}`,
            schemas: eventSchemas,
            metrics,
            onError: (error) => log.warn({ err: error }, 'outbox relay failed; retrying'),
          }),
        );
        opened.outbox.start();
      }
    }
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }

  const runtime: ServiceRuntime = {
    name,
    log,
    metrics,
    readiness,
    host: { logger: log, metrics, readiness },
    own,
    async subscribe(subscription) {
      if (!opened.bus) throw new Error(`${name}: subscribing needs the events option`);
      return own(await opened.bus.subscribe(subscription));
    },
    close,
  };
  return Object.assign(runtime, opened) as OpenedRuntime<O>;
}
