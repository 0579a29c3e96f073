// Starts the notification service for a test file on its own PostgreSQL database and its own
// RabbitMQ exchange, and publishes events onto that exchange the way the other services do.
import { type EventData, type EventType, eventSchemas } from '@emporium/contracts';
import {
  createEnvelope,
  type EventBus,
  type EventEnvelope,
  loadConfig,
  openEventBus,
  type ServiceApp,
} from '@emporium/platform';
import {
  createTestDatabase,
  createTestTokens,
  type TestTokens,
  testInfra,
  uniqueName,
} from '@emporium/platform/testing';
import { notificationConfigSchema } from '../../src/config.js';
import { startNotificationService } from '../../src/service.js';

export interface Harness {
  app: ServiceApp;
  tokens: TestTokens;
  databaseUrl: string;
  exchange: string;
  publish<T extends EventType>(type: T, data: EventData<T>): Promise<EventEnvelope>;
  /** Publishes an envelope as is, e.g. the same event a second time. */
  republish(envelope: EventEnvelope): Promise<void>;
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

/** env overrides the config; a given DATABASE_URL is shared (another replica), not created. */
export async function startHarness(env: Record<string, string>): Promise<Harness> {
  const database = env.DATABASE_URL
    ? { url: env.DATABASE_URL, drop: async () => {} }
    : await createTestDatabase('notification');
  const exchange = `${uniqueName('notification')}.events`;
  const tokens = await createTestTokens();
  const config = loadConfig(notificationConfigSchema, {
    DATABASE_URL: database.url,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: exchange,
    AUTH_JWKS_URL: 'http://127.0.0.1:9/unused',
    LOG_LEVEL: 'silent',
    MAIL_RETRY_DELAYS_MS: '100,200',
    ...env,
  });
  const service = await startNotificationService(config, { verifier: tokens.verifier });
  const publisher: EventBus = openEventBus(testInfra.amqpUrl, eventSchemas, { exchange });
  return {
    app: service.app,
    tokens,
    databaseUrl: database.url,
    exchange,
    async publish(type, data) {
      const envelope = createEnvelope('/tests', { type, data });
      await publisher.publish([envelope]);
      return envelope;
    },
    republish: (envelope) => publisher.publish([envelope]),
    adminToken: () => tokens.sign({ roles: ['admin'] }),
    async close() {
      await publisher.close();
      await service.app.close();
      await service.close();
      await database.drop();
    },
  };
}
