// Opens the user service's runtime (database, cache, bus, outbox), subscribes its consumer and
// returns the app without listening.
import { fileURLToPath } from 'node:url';
import {
  createCacheAside,
  createTokenVerifier,
  openServiceRuntime,
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
  options: { verifier?: TokenVerifier; onReady?: (service: RunningUserService) => void } = {},
): Promise<RunningUserService> {
  const runtime = await openServiceRuntime({
    name: 'user',
    config,
    // Event tables first: a migration of ours writes to event_outbox.
    sql: { migrations: MIGRATIONS, eventTables: 'first' },
    cache: { keyPrefix: config.REDIS_KEY_PREFIX },
    events: { outbox: true },
  });
  const { db, log } = runtime;
  const cipher = createFieldCipher(
    piiKeysFromConfig(config.PII_ENCRYPTION_KEYS, config.NODE_ENV, (warning) => log.warn(warning)),
  );
  const ctx: UserContext = {
    db,
    outbox: runtime.outbox,
    cipher,
    cache: createCacheAside(runtime.cache, (error) => log.warn({ err: error }, 'profile cache unavailable')),
    cacheTtlSeconds: config.PROFILE_CACHE_TTL_SECONDS,
  };
  const { app } = await buildApp({
    ...runtime.host,
    ctx,
    verifier: options.verifier ?? createTokenVerifier(config.AUTH_JWKS_URL),
  });
  await runtime.subscribe({
    consumer: CONSUMER,
    eventTypes: ['user.registered'],
    handle: (event) => onUserRegistered(ctx, event),
  });

  const service: RunningUserService = { app, ctx, close: runtime.close };
  options.onReady?.(service);
  return service;
}
