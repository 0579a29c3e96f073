import { adapterUrl, baseServiceConfig } from '@emporium/platform';
import { type Static, Type } from '@sinclair/typebox';

export const userConfigSchema = Type.Object({
  ...baseServiceConfig,
  PORT: Type.Integer({ default: 8082 }),
  DATABASE_URL: adapterUrl('postgres://… or pglite://dir or pglite:memory'),
  REDIS_URL: adapterUrl('redis://… or memory:'),
  REDIS_KEY_PREFIX: Type.String({ default: 'user:' }),
  AMQP_URL: adapterUrl('amqp://… or memory:'),
  EVENTS_EXCHANGE: Type.String({ default: 'emporium.events' }),
  AUTH_JWKS_URL: Type.String({
    pattern: '^https?://',
    default: 'http://127.0.0.1:8081/.well-known/jwks.json',
  }),
  /** `k2:<base64 32 bytes>,k1:<base64 32 bytes>`: the first key encrypts, all decrypt. Required in production. */
  PII_ENCRYPTION_KEYS: Type.Optional(
    Type.String({
      pattern:
        '^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_-]{42,44}={0,2}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_-]{42,44}={0,2})*$',
    }),
  ),
  PROFILE_CACHE_TTL_SECONDS: Type.Integer({ default: 300, minimum: 1 }),
});

export type UserConfig = Static<typeof userConfigSchema>;
