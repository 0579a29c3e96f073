import { adapterUrl, baseServiceConfig } from '@emporium/platform';
import { type Static, Type } from '@sinclair/typebox';

export const authConfigSchema = Type.Object({
  ...baseServiceConfig,
  PORT: Type.Integer({ default: 8081 }),
  DATABASE_URL: adapterUrl('postgres://… or pglite://dir or pglite:memory'),
  REDIS_URL: adapterUrl('redis://… or memory: (failure counters)'),
  REDIS_KEY_PREFIX: Type.String({ default: 'auth:' }),
  AMQP_URL: adapterUrl('amqp://… or memory:'),
  EVENTS_EXCHANGE: Type.String({ default: 'emporium.events' }),
  /** base64 of 32 bytes; seals the private signing keys. Required when NODE_ENV=production. */
  AUTH_KEY_ENCRYPTION_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/_-]{42,44}={0,2}$' })),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ default: 900, minimum: 60, maximum: 3600 }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ default: 30, minimum: 1, maximum: 365 }),
  EMAIL_VERIFICATION_TTL_HOURS: Type.Integer({ default: 48, minimum: 1 }),
  PASSWORD_RESET_TTL_MINUTES: Type.Integer({ default: 60, minimum: 5, maximum: 1440 }),
  /**
   * libuv's thread pool, where passwords are checked: Node reads the variable itself when it
   * starts, and the session opener reads it here to know when checks are queued.
   */
  UV_THREADPOOL_SIZE: Type.Integer({ minimum: 1, maximum: 1024, default: 4 }),
  /** How long a login's session may wait for others while password checks are queued. */
  LOGIN_BATCH_WINDOW_MS: Type.Integer({ minimum: 0, maximum: 1000, default: 20 }),
  /** The most sessions written in one statement. */
  LOGIN_BATCH_MAX: Type.Integer({ minimum: 1, maximum: 1000, default: 64 }),
  /** The most refresh-token rotations in one statement. */
  REFRESH_BATCH_MAX: Type.Integer({ minimum: 1, maximum: 1000, default: 64 }),
  /** Proxies (the gateway) whose X-Forwarded-For names the real client, comma-separated. */
  TRUSTED_PROXIES: Type.String({ default: '127.0.0.1,::1,::ffff:127.0.0.1' }),
  /** First start of a fresh installation: create this admin if no account has the e-mail yet. */
  BOOTSTRAP_ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  BOOTSTRAP_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 12 })),
});

export type AuthConfig = Static<typeof authConfigSchema>;
