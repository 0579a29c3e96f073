// Request quotas, counted in Redis so every gateway replica shares them (in memory when embedded):
// per IP for guests, per user once signed in, and a much tighter per-IP quota on the credential
// endpoints (login, register, password reset) where guessing happens, and on placing orders, where
// card testing happens. The general quota is counted locally and synced (synced-counters.ts: no
// Redis round trip per request, and judged without a promise: general-quota.ts); the tight ones
// exactly, one round trip each, through @fastify/rate-limit.
import { HttpProblem } from '@emporium/platform';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../config.js';
import { type MaybePromise, settle } from '../hooks/maybe-async.js';
import { generalQuota } from './general-quota.js';
import { type CounterScope, SyncedCounters } from './synced-counters.js';

// The plugin hands a limiter's options to the store's `child`; its types do not know these.
const scope = (counter: string, exact: boolean) => ({ counter, exact }) as CounterScope as object;

/**
 * Counts a request against a quota and sets its RateLimit headers; throws the 429 problem past
 * it. A promise only when the count needs a Redis round trip: callers await nothing otherwise.
 */
export type Limiter = (request: FastifyRequest, reply: FastifyReply) => MaybePromise;

export interface RateLimiters {
  /** Per user when signed in, else per IP. Runs after the identity hook. */
  general: Limiter;
  credentials: Limiter;
  /**
   * Orders placed (POSTs) count against the checkout quota, far tighter than the general one
   * (the plugin runs one limiter per request); everything else, such as reading an order while it
   * is confirmed, against the general quota.
   */
  checkout: Limiter;
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
  // the in-memory store of embedded mode ignores both. The general quota skips the plugin when its
  // counts are synced: same `general:` keys, so replicas of either kind share one count.
  const general: Limiter =
    counters && !exactGeneral
      ? generalQuota({
          count: (key) => counters.count(`general:${key}`, config.RATE_LIMIT_WINDOW_MS),
          userMax: config.RATE_LIMIT_USER_MAX,
          anonymousMax: config.RATE_LIMIT_ANONYMOUS_MAX,
          refuse: rateLimited,
        })
      : app.rateLimit({
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
    general,
    credentials: credentials as Limiter,
    checkout: (request, reply) =>
      request.method === 'POST' ? countOrderPlacement(request, reply) : general(request, reply),
    countOrderPlacement: (request) => countOrderPlacement(request),
  };
}

/** A limiter as a callback-style onRequest hook (no promise when the limiter makes none). */
export function limiterHook(limiter: Limiter): onRequestHookHandler {
  return (request, reply, done) => settle(() => limiter(request, reply), done);
}
