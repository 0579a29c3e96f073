import { fileURLToPath } from 'node:url';
import { eventSchemas } from '@emporium/contracts';
import {
  createOutbox,
  migrateEventTables,
  openCache,
  openEventBus,
  openSqlDatabase,
  runMigrations,
  type ServiceApp,
} from '@emporium/platform';
import { bootstrapAdmin } from './accounts/create-admin.js';
import { buildApp } from './app.js';
import type { AuthConfig } from './config.js';
import type { AuthContext } from './context.js';
import { createPasswordHasher } from './credentials/password-hasher.js';
import { deleteExpiredTokens } from './repositories/refresh-tokens.js';
import { createLoginAccountReader } from './sessions/login-accounts.js';
import { createRotationBatcher } from './sessions/rotation-batcher.js';
import { createSessionOpener } from './sessions/session-opener.js';
import { createAccessTokenIssuer } from './signing/access-tokens.js';
import { ensureSigningKey, openKeyRing } from './signing/key-ring.js';
import { createKeySealer, keyEncryptionKey } from './signing/key-sealing.js';
import { createLoginThrottle } from './throttle/login-throttle.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));
const PURGE_INTERVAL_MS = 3_600_000;

export interface RunningAuthService {
  app: ServiceApp;
  ctx: AuthContext;
  close(): Promise<void>;
}

export async function startAuthService(
  config: AuthConfig,
  runtime: { onReady?: (service: RunningAuthService) => void } = {},
): Promise<RunningAuthService> {
  const db = await openSqlDatabase(config.DATABASE_URL, 'auth');
  await runMigrations(db, MIGRATIONS);
  await migrateEventTables(db);
  const cache = openCache(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  const bus = openEventBus(config.AMQP_URL, eventSchemas, { exchange: config.EVENTS_EXCHANGE });

  const warnings: string[] = [];
  const sealer = createKeySealer(
    keyEncryptionKey(config.AUTH_KEY_ENCRYPTION_KEY, config.NODE_ENV, (m) => warnings.push(m)),
  );
  await ensureSigningKey(db, sealer);
  let app: ServiceApp | undefined;
  const keys = await openKeyRing(db, sealer, {
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    onError: (error) => app?.log.error({ err: error }, 'signing key reload failed'),
  });

  const ctx: AuthContext = {
    db,
    // The outbox reports into the app's metrics registry, so it is created once the app exists;
    // handlers only reach for it when a request arrives, after this function returned.
    outbox: undefined as never,
    hasher: await createPasswordHasher(),
    throttle: createLoginThrottle(cache),
    keys,
    accessTokens: createAccessTokenIssuer(keys, config.ACCESS_TOKEN_TTL_SECONDS),
    rotations: createRotationBatcher(db, config.REFRESH_BATCH_MAX),
    sessions: createSessionOpener(db, {
      hashThreads: config.UV_THREADPOOL_SIZE,
      windowMs: config.LOGIN_BATCH_WINDOW_MS,
      maxBatch: config.LOGIN_BATCH_MAX,
    }),
    loginAccounts: createLoginAccountReader(db),
    lifetimes: {
      refreshTokenDays: config.REFRESH_TOKEN_TTL_DAYS,
      emailVerificationHours: config.EMAIL_VERIFICATION_TTL_HOURS,
      passwordResetMinutes: config.PASSWORD_RESET_TTL_MINUTES,
    },
  };
  app = await buildApp({
    ctx,
    logLevel: config.LOG_LEVEL,
    trustedProxies: config.TRUSTED_PROXIES,
    readiness: { database: () => db.ping(), cache: () => cache.ping(), events: () => bus.ping() },
  });
  const log = app.log;
  for (const warning of warnings) log.warn(warning);
  ctx.outbox = createOutbox({
    db,
    publisher: bus,
    source: '/services/auth',
    schemas: eventSchemas,
    metrics: app.metrics,
    onError: (error) => log.error({ err: error }, 'outbox relay failed'),
  });
  ctx.outbox.start();
  if (config.BOOTSTRAP_ADMIN_EMAIL && config.BOOTSTRAP_ADMIN_PASSWORD) {
    await bootstrapAdmin(ctx, config.BOOTSTRAP_ADMIN_EMAIL, config.BOOTSTRAP_ADMIN_PASSWORD);
  }

  const purge = setInterval(() => {
    deleteExpiredTokens(db).catch((error) => log.error({ err: error }, 'refresh token purge failed'));
  }, PURGE_INTERVAL_MS);
  purge.unref();

  const service: RunningAuthService = {
    app,
    ctx,
    async close() {
      clearInterval(purge);
      keys.close();
      await ctx.outbox.stop();
      await bus.close();
      await cache.close();
      await db.close();
    },
  };
  runtime.onReady?.(service);
  return service;
}
