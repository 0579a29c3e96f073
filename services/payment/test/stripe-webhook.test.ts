import { randomUUID } from 'node:crypto';
import { sql } from '@emporium/platform';
import { testInfra, waitFor } from '@emporium/platform/testing';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaymentHarness } from './support/payment-harness.js';

const WEBHOOK_SECRET = 'whsec_test_secret';
let h: Awaited<ReturnType<typeof startPaymentHarness>>;
const stripe = new Stripe('sk_test_123');

beforeAll(async () => {
  h = await startPaymentHarness({
    PAYMENT_PROVIDER: 'stripe',
    STRIPE_API_KEY: 'sk_test_123',
    STRIPE_API_BASE: testInfra.stripeApiBase,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
});
afterAll(() => h.close());

async function authorizeWithStripe() {
  const res = await h.app.inject({
    method: 'POST',
    url: '/internal/payments',
    headers: { 'idempotency-key': randomUUID() },
    payload: {
      orderId: randomUUID(),
      amount: { amount: 1999, currency: 'USD' },
      paymentToken: 'pm_card_visa',
    },
  });
  expect(res.statusCode).toBe(201);
  const { rows } = await h.db.query<{ provider_ref: string }>(
    sql`select provider_ref from payments where id = ${res.json().paymentId}`,
  );
  return { paymentId: res.json().paymentId as string, intentId: rows[0]!.provider_ref };
}

function deliver(event: object, secret = WEBHOOK_SECRET) {
  const payload = JSON.stringify(event);
  return h.app.inject({
    method: 'POST',
    url: '/payments/webhooks/stripe',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret }),
    },
    payload,
  });
}

const cancelled = (intentId: string) => ({
  id: `evt_${randomUUID()}`,
  object: 'event',
  type: 'payment_intent.canceled',
  data: { object: { id: intentId, object: 'payment_intent' } },
});

describe('Stripe webhooks', () => {
  it('authorizes through the Stripe SDK against stripe-mock', async () => {
    const { intentId } = await authorizeWithStripe();
    expect(intentId).toMatch(/^pi_/);
  });

  it('voids our payment when Stripe reports the intent cancelled, once per event', async () => {
    const { paymentId, intentId } = await authorizeWithStripe();
    const event = cancelled(intentId);
    expect((await deliver(event)).json()).toEqual({ received: true, outcome: 'applied' });
    expect((await deliver(event)).json().outcome).toBe('duplicate');
    const list = await h.app.inject({
      method: 'GET',
      url: `/internal/payments?orderId=${await orderOf(paymentId)}`,
    });
    expect(list.json().payments[0].status).toBe('voided');
    await waitFor(() => h.eventsOf('payment.voided').some((e) => e.paymentId === paymentId));
  });

  it('refuses an event with a wrong signature and changes nothing', async () => {
    const { paymentId, intentId } = await authorizeWithStripe();
    const res = await deliver(cancelled(intentId), 'whsec_forged');
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toMatch(/invalid-webhook-signature/);
    const list = await h.app.inject({
      method: 'GET',
      url: `/internal/payments?orderId=${await orderOf(paymentId)}`,
    });
    expect(list.json().payments[0].status).toBe('authorized');
  });
});

async function orderOf(paymentId: string) {
  const { rows } = await h.db.query<{ order_id: string }>(
    sql`select order_id from payments where id = ${paymentId}`,
  );
  return rows[0]!.order_id;
}
