// Chooses each port's adapter from its URL, so the same service code runs embedded (PGlite,
// memory, in-process bus) or distributed (PostgreSQL, Redis, RabbitMQ) by configuration alone.
//   SQL:    postgres://…  |  pglite:///absolute/dir?schema=name (shared instance)  |  pglite:memory
//   cache:  redis://…     |  memory:
//   events: amqp://…      |  memory:   (one in-process bus shared by every service in the process)
import type { Registry } from 'prom-client';
import type { Cache } from './cache/cache.js';
import { createMemoryCache } from './cache/memory-cache.js';
import { createRedisCache, createRedisClient } from './cache/redis-cache.js';
import type { EventBus } from './events/bus.js';
import type { EventSchemas } from './events/envelope.js';
import { createInProcessBus } from './events/in-process-bus.js';
import { createRabbitMqBus } from './events/rabbitmq-bus.js';
import type { SqlDatabase } from './sql/database.js';
import { createPgliteDatabase, createSharedPgliteDatabase } from './sql/pglite.js';
import { createPostgresDatabase } from './sql/postgres.js';

export async function openSqlDatabase(url: string, applicationName?: string): Promise<SqlDatabase> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return createPostgresDatabase({ url, applicationName, maxConnections: 20 });
  }
  if (url === 'pglite:memory') return createPgliteDatabase();
  if (url.startsWith('pglite://')) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema');
    return schema
      ? createSharedPgliteDatabase(parsed.pathname, schema)
      : createPgliteDatabase(parsed.pathname);
  }
  throw new Error(`unsupported database URL scheme: ${url.split(':')[0]}`);
}

export function openCache(url: string, keyPrefix: string): Cache {
  if (url.startsWith('redis://') || url.startsWith('rediss://'))
    return createRedisCache(createRedisClient(url), keyPrefix);
  if (url.startsWith('memory:')) return createMemoryCache();
  throw new Error(`unsupported cache URL scheme: ${url.split(':')[0]}`);
}

let sharedInProcessBus: EventBus | undefined;
const sharedSchemas: EventSchemas = {};
let sharedBusReady: Promise<void> | undefined;

/**
 * For a process that starts several services on the shared in-process bus: holds deliveries
 * until the returned function is called, so no event is published before its consumers have
 * subscribed (RabbitMQ's durable queues give the distributed mode the same guarantee).
 */
export function holdInProcessDeliveries(): () => void {
  let release = () => {};
  sharedBusReady = new Promise((resolve) => {
    release = resolve;
  });
  return release;
}

export function openEventBus(
  url: string,
  schemas: EventSchemas,
  options: { exchange?: string; metrics?: Registry; onError?: (error: unknown) => void } = {},
): EventBus {
  if (url.startsWith('amqp://') || url.startsWith('amqps://')) {
    return createRabbitMqBus({ url, schemas, ...options });
  }
  if (url.startsWith('memory:')) {
    // Every service in the process publishes to and consumes from the same bus; it validates
    // against the union of the schemas they registered. Closing it is the process's job.
    Object.assign(sharedSchemas, schemas);
    sharedInProcessBus ??= createInProcessBus({ schemas: sharedSchemas, ready: sharedBusReady });
    return { ...sharedInProcessBus, close: async () => {} };
  }
  throw new Error(`unsupported event bus URL scheme: ${url.split(':')[0]}`);
}
