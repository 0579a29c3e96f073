// Starts a real payment service (own PostgreSQL database and event exchange) for a test file,
// and listens on its events so tests can see what was published.
import { type EventData, eventSchemas } from '@emporium/contracts';
import { type EventEnvelope, loadConfig, openEventBus, openSqlDatabase } from '@emporium/platform';
import { createTestDatabase, createTestTokens, testInfra, uniqueName } from '@emporium/platform/testing';
import { paymentConfigSchema } from '../../src/config.js';
import { startPaymentService } from '../../src/service.js';

export async function startPaymentHarness(env: Record<string, string> = {}) {
  const database = await createTestDatabase('payment');
  const exchange = `${uniqueName('x')}.events`;
  const tokens = await createTestTokens();
  const config = loadConfig(paymentConfigSchema, {
    DATABASE_URL: database.url,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: exchange,
    AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks.json',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const service = await startPaymentService(config, { verifier: tokens.verifier, processMetrics: false });
  const db = await openSqlDatabase(database.url);
  const listener = openEventBus(testInfra.amqpUrl, eventSchemas, { exchange });
  const events: EventEnvelope[] = [];
  await listener.subscribe({
    consumer: 'payment-test',
    eventTypes: ['payment.*'],
    handle: async (event) => {
      events.push(event);
    },
  });
  return {
    app: service.app,
    /** For assertions on the books (e.g. the sandbox's charges). */
    db,
    tokens,
    events,
    eventsOf<
      T extends
        | 'payment.authorized'
        | 'payment.failed'
        | 'payment.captured'
        | 'payment.voided'
        | 'payment.refunded',
    >(type: T) {
      return events.filter((e) => e.type === type).map((e) => e.data as EventData<T>);
    },
    async close() {
      await listener.close();
      await db.close();
      await service.close();
      await service.app.close();
      await database.drop();
    },
  };
}
