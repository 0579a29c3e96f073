// Starts the auth service on the real PostgreSQL, Redis and RabbitMQ, isolated per test file, and
// collects the events it publishes (that is how a user receives their e-mailed tokens).
import { eventSchemas } from '@emporium/contracts';
import type { Session } from '@emporium/contracts/auth';
import { type EventEnvelope, loadConfig, openEventBus } from '@emporium/platform';
import { createTestDatabase, testInfra, uniqueName, waitFor } from '@emporium/platform/testing';
import { authConfigSchema } from '../src/config.js';
import { type RunningAuthService, startAuthService } from '../src/service.js';

export const STRONG_PASSWORD = 'tangerine kettle orbit 42';

export interface AuthHarness {
  service: RunningAuthService;
  databaseUrl: string;
  /** The service listening on 127.0.0.1 (for the JWKS URL). */
  baseUrl: string;
  events: EventEnvelope[];
  /** The data of the first event of that type about the user, waiting for it to arrive. */
  eventFor<T = Record<string, unknown>>(type: string, userId: string): Promise<T>;
  register(email?: string, password?: string, ip?: string): Promise<Session>;
  login(
    email: string,
    password: string,
    ip?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export function uniqueEmail(): string {
  return `${uniqueName('shopper')}@example.com`;
}

export async function startAuthHarness(env: Record<string, string> = {}): Promise<AuthHarness> {
  const database = await createTestDatabase('auth');
  const exchange = `${uniqueName('x')}.events`;
  const config = loadConfig(authConfigSchema, {
    DATABASE_URL: database.url,
    REDIS_URL: testInfra.redisUrl,
    REDIS_KEY_PREFIX: `${uniqueName('auth')}:`,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: exchange,
    LOG_LEVEL: 'silent',
    AUTH_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...env,
  });
  const service = await startAuthService(config);
  const address = await service.app.listen({ port: 0, host: '127.0.0.1' });

  const events: EventEnvelope[] = [];
  const bus = openEventBus(testInfra.amqpUrl, eventSchemas, { exchange });
  await bus.subscribe({
    consumer: 'auth-test',
    eventTypes: ['user.*'],
    handle: async (event) => {
      events.push(event);
    },
  });

  const find = (type: string, userId: string) =>
    events.find((e) => e.type === type && (e.data as { userId: string }).userId === userId);

  const harness: AuthHarness = {
    service,
    databaseUrl: database.url,
    baseUrl: address,
    events,
    async eventFor<T>(type: string, userId: string) {
      await waitFor(() => find(type, userId) !== undefined);
      return find(type, userId)!.data as T;
    },
    async register(email = uniqueEmail(), password = STRONG_PASSWORD, ip = '198.51.100.1') {
      const res = await service.app.inject({
        method: 'POST',
        url: '/auth/register',
        headers: { 'x-forwarded-for': ip },
        payload: { email, password },
      });
      if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
      return res.json() as Session;
    },
    async login(email, password, ip = '198.51.100.1') {
      const res = await service.app.inject({
        method: 'POST',
        url: '/auth/login',
        headers: { 'x-forwarded-for': ip },
        payload: { email, password },
      });
      return { status: res.statusCode, body: res.json() };
    },
    async close() {
      await bus.close();
      await service.app.close();
      await service.close();
      await database.drop();
    },
  };
  return harness;
}
