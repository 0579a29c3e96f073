// Opens the auth service's runtime (database, cache, bus, outbox), its signing key ring and the
// expired-token purge, and returns the app without listening.
import { fileURLToPath } from 'node:url';
import { openServiceRuntime, type ServiceApp } from '@emporium/platform';
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
  options: { onReady?: (service: RunningAuthService) => void } = {},
): Promise<RunningAuthService> {
  const runtime = await openServiceRuntime({
    name: 'auth',
    config,
    sql: { migrations: MIGRATIONS, eventTables: 'last' },
    cache: { keyPrefix: config.REDIS_KEY_PREFIX },
    events: { outbox: true },
  });
  const { db, log } = runtime;
  const sealer = createKeySealer(
    keyEncryptionKey(config.AUTH_KEY_ENCRYPTION_KEY, config.NODE_ENV, (warning) => log.warn(warning)),
  );
  await ensureSigningKey(db, sealer);
  const keys = runtime.own(
    await openKeyRing(db, sealer, {
      accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      onError: (error) => log.error({ err: error }, 'signing key reload failed'),
    }),
  );

  const ctx: AuthContext = {
    db,
    outbox: runtime.outbox,
    hasher: await createPasswordHasher(),
    throttle: createLoginThrottle(runtime.cache),
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
  const { app } = await buildApp({
    ...runtime.host,
    ctx,
    trustedProxies: config.TRUSTED_PROXIES,
  });
  if (config.BOOTSTRAP_ADMIN_EMAIL && config.BOOTSTRAP_ADMIN_PASSWORD) {
    await bootstrapAdmin(ctx, config.BOOTSTRAP_ADMIN_EMAIL, config.BOOTSTRAP_ADMIN_PASSWORD);
  }

  const purge = setInterval(() => {
    deleteExpiredTokens(db).catch((error) => log.error({ err: error }, 'refresh token purge failed'));
  }, PURGE_INTERVAL_MS);
  purge.unref();
  runtime.own({ stop: () => clearInterval(purge) });

  const service: RunningAuthService = { app, ctx, close: runtime.close };
  options.onReady?.(service);
  return service;
}
