import { baseServiceConfig, internalTokenReceiverConfig, urlString } from '@emporium/platform';
import { type Static, Type } from '@sinclair/typebox';

export const productConfigSchema = Type.Object({
  ...baseServiceConfig,
  ...internalTokenReceiverConfig,
  PORT: Type.Integer({ default: 8083 }),
  CATALOG_URL: Type.String({
    pattern: '^(mongodb(\\+srv)?://|postgres(ql)?://|pglite:)',
    description: 'mongodb://host/db (MongoDB adapter), pglite:memory or pglite:///dir (embedded)',
  }),
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^(postgres(ql)?://|pglite:)',
      description:
        'PostgreSQL for stock and reservations; required with a mongodb:// CATALOG_URL, else the catalog database',
    }),
  ),
  REDIS_URL: Type.String({ pattern: '^(rediss?://|memory:)', default: 'memory:' }),
  AMQP_URL: Type.String({ pattern: '^(amqps?://|memory:)', default: 'memory:' }),
  /** Isolates this service's keys in a shared Redis (tests use a unique one). */
  CACHE_KEY_PREFIX: Type.String({ default: 'product:' }),
  EVENTS_EXCHANGE: Type.String({ default: 'emporium.events' }),
  AUTH_JWKS_URL: urlString('the auth service JWKS, e.g. http://127.0.0.1:8081/.well-known/jwks.json'),
  RESERVATION_SWEEP_SECONDS: Type.Integer({ minimum: 1, default: 15 }),
  MEDIA_STORE_URL: Type.Optional(
    Type.String({
      pattern: '^(file:///|s3://)',
      description:
        'where uploaded images are kept: file:///abs/dir, or s3://bucket/prefix?endpoint=…&region=… (credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); unset, a directory in the OS temp dir, fit for one process only',
    }),
  ),
  MEDIA_BASE_URL: Type.String({
    default: '/api/v1/media',
    description: 'the public path or URL (a CDN) image URLs in the catalog start with',
  }),
  MEDIA_MAX_BYTES: Type.Integer({
    minimum: 1024,
    default: 10 * 1024 * 1024,
    description: 'largest image upload',
  }),
  MEDIA_MAX_PIXELS: Type.Integer({
    minimum: 10_000,
    default: 40_000_000,
    description: 'largest image upload in pixels (width × height); larger ones are refused before decoding',
  }),
  REVIEW_WRITES_PER_HOUR: Type.Integer({
    minimum: 1,
    default: 10,
    description: 'reviews and review edits one shopper may send per hour; more are a 429',
  }),
  PRODUCT_READ_MAX_AGE_MS: Type.Integer({
    minimum: 0,
    default: 60_000,
    description:
      'Longest a product document read for cart pricing and checkout is reused in this process while the catalog is unchanged (0: never)',
  }),
});

export type ProductConfig = Static<typeof productConfigSchema>;
