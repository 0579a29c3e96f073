// Request quotas, counted in Redis so every gateway replica shares them (in memory when embedded):
// per IP for guests, per user once signed in, and a much tighter per-IP quota on the credential
// endpoints (login, register, password reset) where guessing happens, and on placing orders, where
// card testing happens. The general quota is counted locally and synced (synced-counters.ts: no
// Redis round trip per request); the tight ones exactly, one round trip each.
import { HttpProblem } from '@emporium/platform';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../config.js';
import { type CounterScope, SyncedCounters } from './synced-counters.js';

// The plugin hands a limiter's options to the store's `child`; its types do not know these.
const scope = (counter: string, exact: boolean) => ({ counter, exact }) as CounterScope as object;

export interface RateLimiters {
  /** Per user when signed in, else per IP. Runs after the identity hook. */
  general: onRequestAsyncHookHandler;
  credentials: onRequestAsyncHookHandler;
  /**
   * Orders placed (POSTs) count against the checkout quota, far tighter than the general one
   * (the plugin runs one limiter per request); everything else, such as reading an order while it
   * is confirmed, against the general quota.
   */
  checkout: onRequestAsyncHookHandler;
  /**
   * Counts one order placement against the same checkout quota as `POST /orders`, for placements
   * that do not arrive as that route (GraphQL's placeOrder); throws the 429 problem past it.
   */
  countOrderPlacement(request: FastifyRequest): Promise<void>;
}

function rateLimited(retryAfterSeconds: number): HttpProblem {
  return new HttpProblem(
    429,
    'rate-limited',
    'Too many requests',
    `Request quota exceeded; retry in ${retryAfterSeconds} s.`,
    { retryAfter: retryAfterSeconds },
  );
}

export async function registerRateLimits(
  app: FastifyInstance,
  config: GatewayConfig,
  redis: Redis | undefined,
): Promise<RateLimiters> {
  const counters = redis
    ? new SyncedCounters({
        redis,
        keyPrefix: `${config.REDIS_KEY_PREFIX}rate:`,
        syncIntervalMs: Math.max(1, config.RATE_LIMIT_SYNC_MS),
      })
    : undefined;
  if (counters) app.addHook('onClose', () => counters.close());
  const exactGeneral = config.RATE_LIMIT_SYNC_MS === 0;
  await app.register(rateLimit, {
    global: false,
    enableDraftSpec: true,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    ...(counters ? { store: counters.storeClass() } : {}),
    // A Redis outage must not take the shop down with it: limits pause, traffic flows.
    skipOnError: true,
    errorResponseBuilder: (_request, context) => rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
  // `counter` names a limiter's keys and `exact` picks per-request counting (see synced-counters.ts);
  // the in-memory store of embedded mode ignores both.
  const general = app.rateLimit({
    ...scope('general', exactGeneral),
    keyGenerator: (request: FastifyRequest) =>
      request.principal ? `user:${request.principal.userId}` : `ip:${request.ip}`,
    max: (request: FastifyRequest) =>
      request.principal ? config.RATE_LIMIT_USER_MAX : config.RATE_LIMIT_ANONYMOUS_MAX,
  });
  const credentials = app.rateLimit({
    ...scope('credentials', true),
    keyGenerator: (request: FastifyRequest) => `credentials:${request.ip}`,
    max: config.RATE_LIMIT_CREDENTIALS_MAX,
  });
  // One counter for every way of placing an order, so REST and GraphQL share one budget.
  const checkoutQuota = app.createRateLimit({
    ...scope('checkout', true),
    keyGenerator: (request: FastifyRequest) =>
      request.principal ? `checkout:user:${request.principal.userId}` : `checkout:ip:${request.ip}`,
    max: config.RATE_LIMIT_CHECKOUT_MAX,
  });
  async function countOrderPlacement(request: FastifyRequest, reply?: FastifyReply): Promise<void> {
    const quota = await checkoutQuota(request);
    if (quota.isAllowed) return;
    const reset = Math.max(1, quota.ttlInSeconds);
    reply?.header('ratelimit-limit', quota.max);
    reply?.header('ratelimit-remaining', quota.remaining);
    reply?.header('ratelimit-reset', reset);
    if (quota.isExceeded) throw rateLimited(reset);
  }
  return {
    general: general as onRequestAsyncHookHandler,
    credentials: credentials as onRequestAsyncHookHandler,
    checkout(request, reply) {
      return request.method === 'POST'
        ? countOrderPlacement(request, reply)
        : general.call(this, request, reply);
    },
    countOrderPlacement: (request) => countOrderPlacement(request),
  };
}
