// Refunds of one payment sent together: each applies once or is refused with a 409 that says
// why, the provider is never asked for more than was captured, and the payment's refunded total,
// its status, its refund rows and the sandbox's books agree.
import { randomUUID } from 'node:crypto';
import { sql } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CARDS } from '../src/providers/sandbox-provider.js';
import { startPaymentHarness } from './support/payment-harness.js';

let h: Awaited<ReturnType<typeof startPaymentHarness>>;
beforeAll(async () => {
  h = await startPaymentHarness();
});
afterAll(() => h.close());

const eur = (amount: number) => ({ amount, currency: 'EUR' });

const post = (url: string, payload?: object, key: string = randomUUID()) =>
  h.app.inject({ method: 'POST', url, headers: { 'idempotency-key': key }, ...(payload ? { payload } : {}) });

async function captured(amount: number): Promise<string> {
  const res = await post('/internal/payments', {
    orderId: randomUUID(),
    amount: eur(amount),
    paymentToken: SANDBOX_CARDS.success,
  });
  const paymentId = res.json().paymentId as string;
  expect((await post(`/internal/payments/${paymentId}/capture`)).statusCode).toBe(200);
  return paymentId;
}

/** The payment, its refund rows, the refunds the provider was asked for and what the sandbox holds. */
async function books(paymentId: string) {
  const { rows } = await h.db.query<{
    status: string;
    refunded_amount: number;
    refunding_amount: number;
    succeeded: number;
    pending: number;
    refused_by_provider: number;
    sandbox_refunded: number;
  }>(
    sql`select p.status, p.refunded_amount, p.refunding_amount,
       (select coalesce(sum(amount), 0)::int from refunds where payment_id = p.id and status = 'succeeded') as succeeded,
       (select count(*)::int from refunds where payment_id = p.id and status = 'pending') as pending,
       (select count(*)::int from payment_attempts
          where payment_id = p.id and kind = 'refund' and outcome = 'error') as refused_by_provider,
       (select refunded_amount from sandbox_charges where id = p.provider_ref) as sandbox_refunded
     from payments p where p.id = ${paymentId}`,
  );
  return rows[0]!;
}

const refunds = (paymentId: string, bodies: object[]) =>
  Promise.all(bodies.map((body) => post(`/internal/payments/${paymentId}/refunds`, body)));

describe('refunds of one payment sent together', () => {
  it('lets exactly two of six half refunds through and refuses the rest with a 409', async () => {
    const paymentId = await captured(4000);
    const answers = await refunds(
      paymentId,
      Array.from({ length: 6 }, () => ({ amount: eur(2000) })),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([201, 201, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) {
      expect(refused.json().type).toMatch(/refund-in-progress|refund-exceeds-payment/);
      expect(refused.json().remaining.currency).toBe('EUR');
    }
    expect(await books(paymentId)).toEqual({
      status: 'refunded',
      refunded_amount: 4000,
      refunding_amount: 0,
      succeeded: 4000,
      pending: 0,
      refused_by_provider: 0,
      sandbox_refunded: 4000,
    });
  });

  it('refunds an odd total once when two refunds of more than half race', async () => {
    const paymentId = await captured(2599);
    const answers = await refunds(
      paymentId,
      Array.from({ length: 6 }, () => ({ amount: eur(1300) })),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(5);
    expect(await books(paymentId)).toEqual({
      status: 'partially_refunded',
      refunded_amount: 1300,
      refunding_amount: 0,
      succeeded: 1300,
      pending: 0,
      refused_by_provider: 0,
      sandbox_refunded: 1300,
    });
  });

  it('never refunds more than was captured when "the rest" races parts', async () => {
    const paymentId = await captured(3001);
    const answers = await refunds(paymentId, [{}, { amount: eur(1000) }, {}, { amount: eur(1) }]);
    const refunded = answers
      .filter((a) => a.statusCode === 201)
      .map((a) => a.json().refunded.amount as number);
    expect(Math.max(...refunded)).toBeLessThanOrEqual(3001);
    const after = await books(paymentId);
    expect(after.refunded_amount).toBe(after.succeeded);
    expect(after.sandbox_refunded).toBe(after.succeeded);
    expect(after.refunded_amount).toBeLessThanOrEqual(3001);
    expect(after.refused_by_provider).toBe(0);
    expect(answers.every((a) => a.statusCode === 201 || a.statusCode === 409)).toBe(true);
  });

  it('counts a refund sent twice with one Idempotency-Key once, together or later', async () => {
    const paymentId = await captured(5000);
    const key = randomUUID();
    const together = await Promise.all(
      Array.from({ length: 4 }, () =>
        post(`/internal/payments/${paymentId}/refunds`, { amount: eur(1000) }, key),
      ),
    );
    const later = await post(`/internal/payments/${paymentId}/refunds`, { amount: eur(1000) }, key);
    const applied = [...together, later].filter((a) => a.statusCode === 201);
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied.map((a) => a.json().refundId)).size).toBe(1);
    expect(later.json()).toMatchObject({ status: 'partially_refunded', refunded: eur(1000) });
    expect(
      together.every((a) => a.statusCode === 201 || a.json().type.endsWith('/request-in-progress')),
    ).toBe(true);
    expect(await books(paymentId)).toMatchObject({
      refunded_amount: 1000,
      succeeded: 1000,
      sandbox_refunded: 1000,
    });
  });

  it('refuses a zero refund as bad input, naming the field, and changes nothing', async () => {
    const paymentId = await captured(1000);
    const res = await post(`/internal/payments/${paymentId}/refunds`, { amount: eur(0) });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors[0].field).toMatch(/amount/);
    expect(await books(paymentId)).toMatchObject({ refunded_amount: 0, refunding_amount: 0 });
  });
});
