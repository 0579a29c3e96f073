import type { Redis } from 'ioredis';
import { loadOnFirstUse } from '../load-on-first-use.js';
import type { Cache } from './cache.js';

const ioredis = loadOnFirstUse<typeof import('ioredis')>('ioredis');

export function createRedisClient(url: string): Redis {
  // Fail a command fast while Redis is away instead of queueing it forever; callers degrade.
  return new (ioredis().Redis)(url, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
}

/** keyPrefix isolates services (and tests) sharing one Redis. */
export function createRedisCache(redis: Redis, keyPrefix = ''): Cache {
  const k = (key: string) => keyPrefix + key;
  return {
    async get(key) {
      return (await redis.get(k(key))) ?? undefined;
    },
    async getMany(keys) {
      if (keys.length === 0) return [];
      return (await redis.mget(keys.map(k))).map((value) => value ?? undefined);
    },
    async set(key, value, ttlSeconds) {
      await redis.set(k(key), value, 'EX', ttlSeconds);
    },
    async delete(...keys) {
      if (keys.length > 0) await redis.del(...keys.map(k));
    },
    async increment(key, ttlSeconds) {
      const [[, count]] = (await redis.multi().incr(k(key)).expire(k(key), ttlSeconds, 'NX').exec()) as [
        [Error | null, number],
      ];
      return count;
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      redis.disconnect();
    },
  };
}
