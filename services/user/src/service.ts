import { fileURLToPath } from 'node:url';
import { eventSchemas } from '@emporium/contracts';
import {
  createCacheAside,
  createOutbox,
  createTokenVerifier,
  migrateEventTables,
  openCache,
  openEventBus,
  openSqlDatabase,
  runMigrations,
  type ServiceApp,
  type TokenVerifier,
} from '@emporium/platform';
import { buildApp } from './app.js';
import type { UserConfig } from './config.js';
import type { UserContext } from './context.js';
import { CONSUMER, onUserRegistered } from './events/user-registered.js';
import { createFieldCipher, piiKeysFromConfig } from './pii/field-cipher.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export interface RunningUserService {
  app: ServiceApp;
  ctx: UserContext;
  close(): Promise<void>;
}

export async function startUserService(
  config: UserConfig,
  runtime: { verifier?: TokenVerifier; onReady?: (service: RunningUserService) => void } = {},
): Promise<RunningUserService> {
  const db = await openSqlDatabase(config.DATABASE_URL, 'user');
  // Event tables first: a migration of ours writes to event_outbox.
  await migrateEventTables(db);
  await runMigrations(db, MIGRATIONS);
  const cache = openCache(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  const bus = openEventBus(config.AMQP_URL, eventSchemas, { exchange: config.EVENTS_EXCHANGE });

  const warnings: string[] = [];
  const cipher = createFieldCipher(
    piiKeysFromConfig(config.PII_ENCRYPTION_KEYS, config.NODE_ENV, (m) => warnings.push(m)),
  );
  let app: ServiceApp | undefined;
  const ctx: UserContext = {
    db,
    // The outbox reports into the app's metrics registry, so it is created once the app exists;
    // handlers only reach for it when a request arrives, after this function returned.
    outbox: undefined as never,
    cipher,
    cache: createCacheAside(cache, (error) => app?.log.warn({ err: error }, 'profile cache unavailable')),
    cacheTtlSeconds: config.PROFILE_CACHE_TTL_SECONDS,
  };
  app = await buildApp({
    ctx,
    verifier: runtime.verifier ?? createTokenVerifier(config.AUTH_JWKS_URL),
    logLevel: config.LOG_LEVEL,
    readiness: { database: () => db.ping(), cache: () => cache.ping(), events: () => bus.ping() },
  });
  const log = app.log;
  for (const warning of warnings) log.warn(warning);
  ctx.outbox = createOutbox({
    db,
    publisher: bus,
    source: '/services/user',
    schemas: eventSchemas,
    metrics: app.metrics,
    onError: (error) => log.error({ err: error }, 'outbox relay failed'),
  });
  ctx.outbox.start();

  await bus.subscribe({
    consumer: CONSUMER,
    eventTypes: ['user.registered'],
    handle: (event) => onUserRegistered(ctx, event),
  });

  const service: RunningUserService = {
    app,
    ctx,
    async close() {
      await ctx.outbox.stop();
      await bus.close();
      await cache.close();
      await db.close();
    },
  };
  runtime.onReady?.(service);
  return service;
}
