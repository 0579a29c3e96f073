// One contract suite for every payment provider adapter: the embedded sandbox and Stripe (through
// the official SDK, against stripe-mock).
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openSqlDatabase, runMigrations, type SqlDatabase } from '@emporium/platform';
import { createTestDatabase, type TestDatabase, testInfra } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentProvider } from '../src/providers/provider.js';
import { createSandboxProvider, SANDBOX_CARDS } from '../src/providers/sandbox-provider.js';
import { createStripeClient, createStripeProvider } from '../src/providers/stripe-provider.js';

function describePaymentProviderContract(
  adapter: string,
  open: () => Promise<{ provider: PaymentProvider; goodToken: string; dispose(): Promise<void> }>,
) {
  describe(`PaymentProvider contract: ${adapter}`, () => {
    let provider: PaymentProvider;
    let goodToken: string;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ provider, goodToken, dispose } = await open());
    });
    afterAll(() => dispose());

    const request = () => ({
      idempotencyKey: randomUUID(),
      orderId: randomUUID(),
      amount: { amount: 4200, currency: 'EUR' },
      paymentToken: goodToken,
    });

    it('authorizes a good payment method', async () => {
      const outcome = await provider.authorize(request());
      expect(outcome).toMatchObject({ outcome: 'authorized', providerRef: expect.any(String) });
    });

    it('finds an authorization again by its idempotency key', async () => {
      const req = request();
      const outcome = await provider.authorize(req);
      expect(await provider.findAuthorization(req)).toBeDefined();
      expect(outcome.outcome).toBe('authorized');
    });

    it('captures an authorization, then refunds part of it', async () => {
      const outcome = await provider.authorize(request());
      if (outcome.outcome !== 'authorized') throw new Error('expected an authorization');
      await provider.capture(outcome.providerRef, randomUUID());
      const refund = await provider.refund(
        outcome.providerRef,
        { amount: 1000, currency: 'EUR' },
        randomUUID(),
      );
      expect(refund.providerRef).toEqual(expect.any(String));
    });

    it('voids an authorization', async () => {
      const outcome = await provider.authorize(request());
      if (outcome.outcome !== 'authorized') throw new Error('expected an authorization');
      await expect(provider.void(outcome.providerRef, randomUUID())).resolves.toBeUndefined();
    });
  });
}

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

describePaymentProviderContract('sandbox', async () => {
  const database: TestDatabase = await createTestDatabase('payment_sandbox');
  const db: SqlDatabase = await openSqlDatabase(database.url);
  await runMigrations(db, MIGRATIONS);
  return {
    provider: createSandboxProvider(db),
    goodToken: SANDBOX_CARDS.success,
    async dispose() {
      await db.close();
      await database.drop();
    },
  };
});

describePaymentProviderContract('stripe (stripe-mock)', async () => ({
  provider: createStripeProvider(
    createStripeClient({ apiKey: 'sk_test_123', apiBase: testInfra.stripeApiBase }),
  ),
  goodToken: 'pm_card_visa',
  dispose: async () => {},
}));
