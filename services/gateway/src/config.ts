// The gateway's environment: where each upstream lives, how hard to limit, and TLS/CORS settings.
import { baseServiceConfig, internalTokenConfig, urlString } from '@emporium/platform';
import { type Static, Type } from '@sinclair/typebox';

const positive = (fallback: number, description: string) =>
  Type.Integer({ minimum: 1, default: fallback, description });

export const gatewayConfigSchema = Type.Object({
  ...baseServiceConfig,
  ...internalTokenConfig,
  PORT: Type.Integer({ default: 8080 }),
  REDIS_URL: Type.String({
    pattern: '^(rediss?://|memory:)',
    description: 'rate-limit store: redis://… or memory: (embedded mode)',
  }),
  REDIS_KEY_PREFIX: Type.String({ default: 'gateway:', description: 'isolates rate-limit keys' }),
  AUTH_URL: urlString('auth service base URL'),
  USER_URL: urlString('user service base URL'),
  PRODUCT_URL: urlString('product service base URL'),
  ORDER_URL: urlString('order service base URL'),
  PAYMENT_URL: urlString('payment service base URL'),
  NOTIFICATION_URL: urlString('notification service base URL'),
  PRICING_URL: urlString('pricing service base URL'),
  AUTH_JWKS_URL: urlString('the auth service JWKS, e.g. http://127.0.0.1:8081/.well-known/jwks.json'),
  JWKS_REFETCH_COOLDOWN_MS: Type.Integer({
    minimum: 0,
    default: 30_000,
    description: 'minimum gap between JWKS refetches triggered by an unknown kid',
  }),
  CORS_ORIGIN: Type.String({
    default: 'http://localhost:5173',
    description: "the web app's origin(s), comma-separated; no other origin gets CORS headers",
  }),
  TLS_CERT_FILE: Type.Optional(
    Type.String({ description: 'PEM certificate; with TLS_KEY_FILE enables HTTPS' }),
  ),
  TLS_KEY_FILE: Type.Optional(Type.String({ description: 'PEM private key' })),
  WEB_DIST_DIR: Type.Optional(Type.String({ description: 'built web app served with SPA fallback' })),
  UPSTREAM_TIMEOUT_MS: positive(10_000, 'per-request upstream timeout (SSE streams have none)'),
  BREAKER_FAILURE_THRESHOLD: positive(5, 'consecutive upstream failures that open its circuit'),
  BREAKER_OPEN_MS: positive(5_000, 'how long an open circuit fails fast before probing again'),
  RATE_LIMIT_WINDOW_MS: positive(60_000, 'rate-limit window'),
  RATE_LIMIT_SYNC_MS: Type.Integer({
    minimum: 0,
    default: 100,
    description:
      'how often a replica adds its local request counts to the shared Redis counters (the general quota may overshoot by what other replicas admit in one interval); 0 = one Redis round trip per request',
  }),
  RATE_LIMIT_ANONYMOUS_MAX: positive(300, 'requests per window per IP without a token'),
  RATE_LIMIT_USER_MAX: positive(1_200, 'requests per window per signed-in user'),
  RATE_LIMIT_CREDENTIALS_MAX: positive(10, 'login/register/password-reset attempts per window per IP'),
  RATE_LIMIT_CHECKOUT_MAX: positive(20, 'orders placed per window per IP, or per user when signed in'),
  VERIFIED_TOKEN_CACHE_MS: Type.Integer({
    minimum: 0,
    default: 30_000,
    description:
      'longest a verified access token is reused without checking its signature again (never past its exp); 0 = verify every request',
  }),
  BODY_LIMIT_BYTES: positive(1_048_576, 'largest request body accepted'),
  MAX_EVENT_LOOP_DELAY_MS: positive(1_000, 'event-loop lag above which requests are shed with 503'),
  LOAD_SAMPLE_INTERVAL_MS: positive(1_000, 'how often the event-loop lag is sampled'),
  GRAPHQL_MAX_DEPTH: positive(7, 'deepest GraphQL selection accepted'),
  GRAPHQL_MAX_COST: positive(5_000, 'largest estimated GraphQL query cost accepted'),
  RESPONSE_CACHE_MAX_TTL_MS: Type.Integer({
    minimum: 0,
    default: 2_000,
    description:
      'longest a GET answer a service marked Cache-Control: public is reused at the edge; 0 turns the cache off',
  }),
  RESPONSE_CACHE_MAX_ENTRIES: positive(
    5_000,
    'answers kept per upstream service (least recently used go first)',
  ),
  RESPONSE_CACHE_MAX_BODY_BYTES: positive(262_144, 'largest answer body the edge cache keeps'),
  OPENAPI_CACHE_MS: positive(60_000, 'how long fetched upstream OpenAPI documents are reused'),
});

export type GatewayConfig = Static<typeof gatewayConfigSchema>;
