// Starts the pricing service on the real PostgreSQL, a database per test file, with a test token
// signer in place of the auth service.
import { randomUUID } from 'node:crypto';
import { loadConfig, type Role } from '@emporium/platform';
import { createTestDatabase, createTestTokens } from '@emporium/platform/testing';
import { pricingConfigSchema } from '../src/config.js';
import { startPricingService } from '../src/service.js';

type RunningPricing = Awaited<ReturnType<typeof startPricingService>>;
type InjectResponse = Awaited<ReturnType<RunningPricing['app']['inject']>>;

export interface PricingHarness {
  service: RunningPricing;
  admin: string;
  customer: string;
  /** A customer's token for this user id (a member of a customer group, say). */
  tokenFor(userId: string): Promise<string>;
  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options?: { token?: string; payload?: object; headers?: Record<string, string> },
  ): Promise<InjectResponse>;
  close(): Promise<void>;
}

export async function startPricingHarness(env: Record<string, string> = {}): Promise<PricingHarness> {
  const database = await createTestDatabase('pricing');
  const tokens = await createTestTokens();
  const config = loadConfig(pricingConfigSchema, {
    DATABASE_URL: database.url,
    AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const service = await startPricingService(config, { verifier: tokens.verifier, processMetrics: false });
  const sign = (roles: Role[]) => tokens.sign({ userId: randomUUID(), roles });
  return {
    service,
    admin: await sign(['customer', 'admin']),
    customer: await sign(['customer']),
    tokenFor: (userId) => tokens.sign({ userId, roles: ['customer'] }),
    request(method, url, { token, payload, headers = {} } = {}) {
      return service.app.inject({
        method,
        url,
        headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(payload ? { payload } : {}),
      });
    },
    async close() {
      await service.app.close();
      await service.close();
      await database.drop();
    },
  };
}

export const fieldsOf = (res: InjectResponse) =>
  ((res.json().errors ?? []) as { field: string }[]).map((error) => error.field);
