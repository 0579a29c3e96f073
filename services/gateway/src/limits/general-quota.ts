// The general quota (per user when signed in, else per IP), judged without a promise. Counted on
// synced local counters (synced-counters.ts), the count is known at once; going through
// @fastify/rate-limit's handler would still cost every proxied request its chain of awaits (key,
// quota, store). Same keys, headers and 429 problem as the plugin's limiters.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface WindowCount {
  /** Requests counted in the key's window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

export interface GeneralQuotaOptions {
  /** Counts one request for the key; answers at once. */
  count(key: string): WindowCount;
  userMax: number;
  anonymousMax: number;
  /** The error that answers a request past its quota. */
  refuse(retryAfterSeconds: number): Error;
}

/** Counts the request and sets the RateLimit headers; throws `refuse`'s error past the quota. */
export function generalQuota(options: GeneralQuotaOptions) {
  return function countGeneralRequest(request: FastifyRequest, reply: FastifyReply): void {
    const principal = request.principal;
    const max = principal ? options.userMax : options.anonymousMax;
    const { current, ttl } = options.count(principal ? `user:${principal.userId}` : `ip:${request.ip}`);
    const reset = Math.ceil(ttl / 1000);
    reply.header('ratelimit-limit', max);
    reply.header('ratelimit-reset', reset);
    if (current <= max) {
      reply.header('ratelimit-remaining', max - current);
      return;
    }
    const retryAfter = Math.max(1, reset);
    reply.header('ratelimit-remaining', 0);
    reply.header('retry-after', retryAfter);
    throw options.refuse(retryAfter);
  };
}
