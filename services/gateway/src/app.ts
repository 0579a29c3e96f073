import { readFileSync } from 'node:fs';
// buildApp: the gateway's HTTP surface — security headers and CORS, load shedding, the proxied
// REST API, GraphQL, the aggregated OpenAPI document and (optionally) the web app. No I/O here.
import { type AppHostOptions, createService, hostOptions, type TokenVerifier } from '@emporium/platform';
import type { Redis } from 'ioredis';
import { restrictMetricsToAdmins } from './access/metrics-access.js';
import { cacheVerifiedTokens } from './access/verified-token-cache.js';
import { createResponseCache } from './cache/response-cache.js';
import { registerJsonCompression } from './compression/json-compression.js';
import type { GatewayConfig } from './config.js';
import { registerGraphQL } from './graphql/graphql.js';
import { registerLoadShedding } from './limits/load-shedding.js';
import { registerRateLimits } from './limits/rate-limits.js';
import { registerApiDocs } from './openapi/docs-route.js';
import { registerProxyRoutes } from './routes/proxy-routes.js';
import { registerSecurityHeaders } from './security/security-headers.js';
import type { UpstreamCall } from './upstreams/upstream-client.js';
import { closeUpstreams, createUpstreams } from './upstreams/upstreams.js';
import { registerWebApp } from './web/web-app.js';

export interface GatewayDeps extends AppHostOptions {
  config: GatewayConfig;
  verifier: TokenVerifier;
  /** Shared rate-limit counters; absent in embedded mode (memory store). */
  redis?: Redis;
  /** Observes the gateway's own upstream calls (GraphQL, OpenAPI). */
  upstreamHooks?: UpstreamCall;
}

function mapValues<K extends string, V, W>(record: Record<K, V>, map: (value: V) => W): Record<K, W> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value as V)])) as Record<
    K,
    W
  >;
}

export async function buildApp(deps: GatewayDeps) {
  const { config } = deps;
  const verifier = cacheVerifiedTokens(deps.verifier, {
    maxAgeMs: config.VERIFIED_TOKEN_CACHE_MS,
    maxEntries: 50_000,
  });
  const development = config.NODE_ENV === 'development';
  const app = await createService({
    ...hostOptions('gateway', { logLevel: config.LOG_LEVEL, ...deps }),
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    readiness: deps.redis ? { ...deps.readiness, redis: async () => deps.redis!.ping() } : deps.readiness,
    ...(config.TLS_CERT_FILE && config.TLS_KEY_FILE
      ? { tls: { cert: readFileSync(config.TLS_CERT_FILE), key: readFileSync(config.TLS_KEY_FILE) } }
      : {}),
  });
  const upstreams = createUpstreams(config, app.metrics, app.log);
  app.addHook('onClose', async () => closeUpstreams(upstreams));

  await registerSecurityHeaders(app, { corsOrigin: config.CORS_ORIGIN, graphiql: development });
  // With a metrics port, the public port's /metrics is already a 404.
  if (config.METRICS_PORT === undefined) restrictMetricsToAdmins(app, verifier);
  registerLoadShedding(app, {
    maxEventLoopDelayMs: config.MAX_EVENT_LOOP_DELAY_MS,
    sampleIntervalMs: config.LOAD_SAMPLE_INTERVAL_MS,
  });
  const limiters = await registerRateLimits(app, config, deps.redis);
  registerJsonCompression(app, { minBytes: 1024 });

  await registerProxyRoutes(app, {
    upstreams,
    verifier,
    limiters,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    caches: mapValues(upstreams, () =>
      createResponseCache({
        maxTtlMs: config.RESPONSE_CACHE_MAX_TTL_MS,
        maxEntries: config.RESPONSE_CACHE_MAX_ENTRIES,
        maxBodyBytes: config.RESPONSE_CACHE_MAX_BODY_BYTES,
      }),
    ),
  });
  await registerGraphQL(app, {
    upstreams,
    verifier,
    rateLimit: limiters.general,
    countOrderPlacement: limiters.countOrderPlacement,
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxCost: config.GRAPHQL_MAX_COST,
    graphiql: development,
    introspection: config.NODE_ENV !== 'production',
    hooks: deps.upstreamHooks,
    internalToken: config.INTERNAL_TOKEN,
  });
  registerApiDocs(app, upstreams, config.OPENAPI_CACHE_MS);
  if (config.WEB_DIST_DIR) await registerWebApp(app, config.WEB_DIST_DIR);
  return { app };
}
