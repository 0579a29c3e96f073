// A gateway wired to stub services, real Redis (own key prefix) and test-signed tokens.
import { loadConfig } from '@emporium/platform';
import { createTestTokens, type TestTokens, testInfra, uniqueName } from '@emporium/platform/testing';
import { gatewayConfigSchema } from '../../src/config.js';
import type { UpstreamName } from '../../src/routes/route-table.js';
import { type GatewayService, startGatewayService } from '../../src/service.js';
import { type StubRoutes, type StubService, startStub } from './stub-upstreams.js';

export interface TestGateway extends GatewayService {
  tokens: TestTokens;
  stubs: Record<UpstreamName, StubService>;
  customer(userId?: string): Promise<{ authorization: string }>;
  admin(): Promise<{ authorization: string }>;
}

const NAMES: UpstreamName[] = ['auth', 'user', 'product', 'order', 'payment', 'notification', 'pricing'];

export async function startTestGateway(
  options: { env?: Record<string, string>; routes?: Partial<Record<UpstreamName, StubRoutes>> } = {},
): Promise<TestGateway> {
  const tokens = await createTestTokens();
  const authRoutes: StubRoutes = (app, stub) => {
    app.get('/.well-known/jwks.json', async () => tokens.jwks);
    options.routes?.auth?.(app, stub);
  };
  const stubs = Object.fromEntries(
    await Promise.all(
      NAMES.map(async (name) => [
        name,
        await startStub(name, name === 'auth' ? authRoutes : options.routes?.[name]),
      ]),
    ),
  ) as Record<UpstreamName, StubService>;
  const config = loadConfig(gatewayConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: testInfra.redisUrl,
    REDIS_KEY_PREFIX: `${uniqueName('gateway')}:`,
    AUTH_URL: stubs.auth.url,
    USER_URL: stubs.user.url,
    PRODUCT_URL: stubs.product.url,
    ORDER_URL: stubs.order.url,
    PAYMENT_URL: stubs.payment.url,
    NOTIFICATION_URL: stubs.notification.url,
    PRICING_URL: stubs.pricing.url,
    AUTH_JWKS_URL: `${stubs.auth.url}/.well-known/jwks.json`,
    CORS_ORIGIN: 'https://shop.example',
    ...options.env,
  });
  const service = await startGatewayService(config, { processMetrics: false });
  await service.app.ready();
  return {
    ...service,
    tokens,
    stubs,
    customer: async (userId) => ({
      authorization: `Bearer ${await tokens.sign({ userId, roles: ['customer'] })}`,
    }),
    admin: async () => ({ authorization: `Bearer ${await tokens.sign({ roles: ['admin'] })}` }),
    async close() {
      await service.app.close();
      await service.close();
      await Promise.all(NAMES.map((name) => stubs[name].stop()));
    },
  };
}
