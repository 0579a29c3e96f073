// Starts the user service on the real PostgreSQL, Redis and RabbitMQ, isolated per test file, with
// a test token signer in place of the auth service, a way to announce new registrations, and a
// listener for the events the service publishes.
import { randomUUID } from 'node:crypto';
import { eventSchemas } from '@emporium/contracts';
import {
  createEnvelope,
  createRedisClient,
  type EventEnvelope,
  loadConfig,
  openEventBus,
  type Role,
  sql,
} from '@emporium/platform';
import {
  createTestDatabase,
  createTestTokens,
  testInfra,
  uniqueName,
  waitFor,
} from '@emporium/platform/testing';
import type { Redis } from 'ioredis';
import { userConfigSchema } from '../src/config.js';
import { type RunningUserService, startUserService } from '../src/service.js';

export const KEY_1 = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
export const KEY_2 = `k2:${Buffer.alloc(32, 2).toString('base64')}`;

type InjectResponse = Awaited<ReturnType<RunningUserService['app']['inject']>>;

export interface Shopper {
  id: string;
  email: string;
  token: string;
}

export interface UserHarness {
  service: RunningUserService;
  databaseUrl: string;
  redis: Redis;
  redisPrefix: string;
  /** Events the service published, as another service receives them, in arrival order. */
  published: EventEnvelope[];
  /** Publishes user.registered as auth would and waits until the service has handled it. */
  announceRegistration(data: { userId: string; email: string; displayName?: string }): Promise<void>;
  /** Announces a new registration and returns the shopper with an access token. */
  newShopper(options?: { displayName?: string; roles?: Role[] }): Promise<Shopper>;
  /** A signed-in shopper whose user.registered has not arrived yet: no profile. */
  shopperWithoutProfile(): Promise<Shopper>;
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    who: Shopper | undefined,
    payload?: object,
  ): Promise<InjectResponse>;
  close(): Promise<void>;
}

export async function startUserHarness(env: Record<string, string> = {}): Promise<UserHarness> {
  const database = await createTestDatabase('user');
  const exchange = `${uniqueName('x')}.events`;
  const redisPrefix = `${uniqueName('user')}:`;
  const tokens = await createTestTokens();
  const config = loadConfig(userConfigSchema, {
    DATABASE_URL: database.url,
    REDIS_URL: testInfra.redisUrl,
    REDIS_KEY_PREFIX: redisPrefix,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: exchange,
    LOG_LEVEL: 'silent',
    PII_ENCRYPTION_KEYS: KEY_1,
    ...env,
  });
  const service = await startUserService(config, { verifier: tokens.verifier });
  const bus = openEventBus(testInfra.amqpUrl, eventSchemas, { exchange });
  const redis = createRedisClient(testInfra.redisUrl);
  const published: EventEnvelope[] = [];
  await bus.subscribe({
    consumer: uniqueName('listener'),
    eventTypes: ['user.preferences_changed'],
    handle: async (event) => {
      published.push(event);
    },
  });

  const harness: UserHarness = {
    service,
    databaseUrl: database.url,
    redis,
    redisPrefix,
    published,
    async announceRegistration(data) {
      const event = createEnvelope('/services/auth', {
        type: 'user.registered',
        subject: data.userId,
        data: { ...data, verificationToken: 'token' },
      });
      await bus.publish([event]);
      await waitFor(async () => {
        const { rowCount } = await service.ctx.db.query(
          sql`select 1 from event_inbox where event_id = ${event.id}`,
        );
        return rowCount === 1;
      });
    },
    async newShopper({ displayName, roles = ['customer'] }: { displayName?: string; roles?: Role[] } = {}) {
      const id = randomUUID();
      const email = `${uniqueName('shopper')}@example.com`;
      await harness.announceRegistration({ userId: id, email, ...(displayName ? { displayName } : {}) });
      return { id, email, token: await tokens.sign({ userId: id, roles }) };
    },
    async shopperWithoutProfile() {
      const id = randomUUID();
      return { id, email: `${uniqueName('shopper')}@example.com`, token: await tokens.sign({ userId: id }) };
    },
    request(method, url, who, payload) {
      return service.app.inject({
        method,
        url,
        ...(who ? { headers: { authorization: `Bearer ${who.token}` } } : {}),
        ...(payload ? { payload } : {}),
      });
    },
    async close() {
      redis.disconnect();
      await bus.close();
      await service.app.close();
      await service.close();
      await database.drop();
    },
  };
  return harness;
}

export const HOME = {
  name: 'Ada Lovelace',
  line1: '12 Marylebone Street',
  line2: 'Flat 3',
  city: 'London',
  postalCode: 'W1U 8AA',
  country: 'GB',
  phone: '+44 20 7946 0018',
};
