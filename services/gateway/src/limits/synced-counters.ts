// Rate-limit counters for @fastify/rate-limit (its `store` interface) that cost a request no Redis
// round trip. Each replica counts locally and, every `syncIntervalMs`, adds what it counted to the
// shared Redis counter of each key it saw (one pipelined round trip for all keys) and learns the
// total every replica has counted. A request is judged on that total plus the local count since.
//
// Tolerance: a replica does not see what other replicas admitted since its last sync, so over all
// replicas a key may get up to (replicas − 1) × (requests one replica admits for it in one sync
// interval) beyond its quota — and never more than replicas × quota in a window. One replica
// counts exactly. A Redis outage leaves every replica limiting on its own counts (never unlimited)
// until Redis is back, when the counts it kept are added.
//
// Limiters created with `exact: true` (credentials, placing orders: quotas of a few dozen, where a
// few extra tries matter) instead make one Redis round trip per request, as the plugin's own store.
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

/** What a limiter adds to its options to pick its counters (see `storeClass`). */
export interface CounterScope {
  /** Names the limiter's keys, so two limiters never share a counter. */
  counter: string;
  /** One Redis round trip per request instead of the synced local count. */
  exact: boolean;
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface Counter {
  /** The total over all replicas when last synced (including what this replica had sent). */
  shared: number;
  /** Counted here and not yet sent to Redis. */
  pending: number;
  /** Sent in the sync under way; counted in no `shared` yet. */
  sending: number;
  windowMs: number;
  resetAt: number;
}

export interface SyncedCountersOptions {
  redis: Redis;
  keyPrefix: string;
  syncIntervalMs: number;
  now?: () => number;
}

/** The counters behind every limiter; `storeClass()` plugs them into @fastify/rate-limit. */
export class SyncedCounters {
  private readonly counters = new Map<string, Counter>();
  private readonly dirty = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private syncing: Promise<void> | undefined;
  private readonly now: () => number;
  private sweptAt = 0;

  constructor(private readonly options: SyncedCountersOptions) {
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => void this.sync(), options.syncIntervalMs);
    this.timer.unref();
  }

  /** Counts one request locally; answers at once from the last known total. */
  count(key: string, windowMs: number): { current: number; ttl: number } {
    const now = this.now();
    let counter = this.counters.get(key);
    if (!counter || now >= counter.resetAt) {
      // The window ended: whatever was still to be sent belongs to the old one, which Redis has expired.
      counter = { shared: 0, pending: 0, sending: 0, windowMs, resetAt: now + windowMs };
      this.counters.set(key, counter);
    }
    counter.pending++;
    this.dirty.add(key);
    return { current: counter.shared + counter.sending + counter.pending, ttl: counter.resetAt - now };
  }

  /** One Redis round trip for this request: INCR, start the window if new, read its TTL. */
  countExactly(key: string, windowMs: number, callback: Callback): void {
    const redisKey = this.options.keyPrefix + key;
    this.options.redis
      .multi()
      .incr(redisKey)
      .pexpire(redisKey, windowMs, 'NX')
      .pttl(redisKey)
      .exec()
      .then((replies) => {
        const failed = replies?.find(([error]) => error)?.[0];
        if (!replies || failed) throw failed ?? new Error('rate-limit transaction aborted');
        callback(null, { current: Number(replies[0]![1]), ttl: Math.max(0, Number(replies[2]![1])) });
      })
      .catch((error: Error) => callback(error));
  }

  /** Sends the local counts to Redis and learns the totals; at most one sync runs at a time. */
  sync(): Promise<void> {
    this.syncing ??= this.sendCounts().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async sendCounts(): Promise<void> {
    this.forgetEndedWindows();
    if (this.dirty.size === 0) return;
    const batch = [...this.dirty].flatMap((key) => {
      const counter = this.counters.get(key);
      if (!counter || counter.pending === 0) return [];
      const sent = counter.pending;
      counter.pending = 0;
      counter.sending += sent;
      return [{ key, counter, sent }];
    });
    this.dirty.clear();
    const pipeline = this.options.redis.pipeline();
    for (const { key, counter, sent } of batch) {
      const redisKey = this.options.keyPrefix + key;
      pipeline.incrby(redisKey, sent).pexpire(redisKey, counter.windowMs, 'NX').pttl(redisKey);
    }
    const replies = await pipeline.exec().catch(() => null);
    const now = this.now();
    batch.forEach(({ key, counter, sent }, index) => {
      counter.sending -= sent;
      const total = replies?.[index * 3];
      const ttl = replies?.[index * 3 + 2];
      if (!total || total[0] || !ttl || ttl[0]) {
        // Not counted in Redis: keep the requests to send with the next sync.
        counter.pending += sent;
        this.dirty.add(key);
        return;
      }
      counter.shared = Number(total[1]);
      const remaining = Number(ttl[1]);
      if (remaining > 0) counter.resetAt = now + remaining;
    });
  }

  /** At most once a second: the walk over every key seen costs more than a sync of a few. */
  private forgetEndedWindows(): void {
    const now = this.now();
    if (now - this.sweptAt < 1_000) return;
    this.sweptAt = now;
    for (const [key, counter] of this.counters) {
      if (now >= counter.resetAt && counter.pending === 0 && counter.sending === 0) this.counters.delete(key);
    }
  }

  /**
   * Stops syncing after sending what is left; gives up after a second, so a Redis that does not
   * answer cannot hold up a shutdown (losing at most one interval's counts).
   */
  async close(): Promise<void> {
    clearInterval(this.timer);
    let giveUp: NodeJS.Timeout | undefined;
    await Promise.race([
      this.sync(),
      new Promise<void>((resolve) => {
        giveUp = setTimeout(resolve, 1_000);
      }),
    ]);
    clearTimeout(giveUp);
  }

  /**
   * A store class for the plugin's `store` option. Each limiter gets a child whose keys carry the
   * limiter's name (its `counter` option), so two limiters never share a counter by accident.
   */
  storeClass(): FastifyRateLimitStoreCtor {
    const counters = this;
    // The plugin constructs the class itself (with its own settings, ignored here); children are
    // made by `child`, one per limiter.
    return class SyncedStore implements FastifyRateLimitStore {
      prefix = '';
      exact = false;
      incr(key: string, callback: Callback, timeWindow: number): void {
        if (this.exact) counters.countExactly(this.prefix + key, timeWindow, callback);
        else callback(null, counters.count(this.prefix + key, timeWindow));
      }
      child(options: object): SyncedStore {
        const scope = options as Partial<CounterScope>;
        return Object.assign(new SyncedStore(), {
          prefix: `${scope.counter ?? 'default'}:`,
          exact: scope.exact === true,
        });
      }
    };
  }
}
