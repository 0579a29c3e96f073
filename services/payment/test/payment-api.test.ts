import { randomUUID } from 'node:crypto';
import { sql } from '@emporium/platform';
import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CARDS } from '../src/providers/sandbox-provider.js';
import { startPaymentHarness } from './support/payment-harness.js';

type Harness = Awaited<ReturnType<typeof startPaymentHarness>>;
let h: Harness;

beforeAll(async () => {
  h = await startPaymentHarness();
});
afterAll(() => h.close());

const eur = (amount: number) => ({ amount, currency: 'EUR' });

function authorize(body: Record<string, unknown>, key: string = randomUUID()) {
  return h.app.inject({
    method: 'POST',
    url: '/internal/payments',
    headers: { 'idempotency-key': key },
    payload: { orderId: randomUUID(), amount: eur(2599), paymentToken: SANDBOX_CARDS.success, ...body },
  });
}

const post = (url: string, payload?: object, key: string = randomUUID()) =>
  h.app.inject({ method: 'POST', url, headers: { 'idempotency-key': key }, ...(payload ? { payload } : {}) });

async function sandboxCharges(idempotencyKey: string) {
  const { rows } = await h.db.query<{ status: string }>(
    sql`select status from sandbox_charges where idempotency_key = ${idempotencyKey}`,
  );
  return rows.map((r) => r.status);
}

describe('authorizing a payment', () => {
  it('authorizes a good card and publishes payment.authorized', async () => {
    const orderId = randomUUID();
    const res = await authorize({ orderId });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ orderId, status: 'authorized', amount: eur(2599) });
    await waitFor(() => h.eventsOf('payment.authorized').some((e) => e.paymentId === body.paymentId));
  });

  it.each([
    [SANDBOX_CARDS.cardDeclined, 'card_declined'],
    [SANDBOX_CARDS.insufficientFunds, 'insufficient_funds'],
    [SANDBOX_CARDS.expiredCard, 'expired_card'],
  ])('declines test card %s with 402 and code %s', async (card, code) => {
    const res = await authorize({ paymentToken: card });
    expect(res.statusCode).toBe(402);
    const problem = res.json();
    expect(problem).toMatchObject({ type: 'https://emporium.dev/problems/payment-declined', code });
    expect(problem.declineMessage).toEqual(expect.any(String));
    await waitFor(() => h.eventsOf('payment.failed').some((e) => e.paymentId === problem.paymentId));
  });

  it('voids a charge whose answer was lost and tells the shopper nothing was charged', async () => {
    const key = randomUUID();
    const res = await authorize({ paymentToken: SANDBOX_CARDS.networkErrorAfterCharge }, key);
    expect(res.statusCode).toBe(402);
    expect(res.json()).toMatchObject({ code: 'processing_error' });
    expect(res.json().declineMessage).toMatch(/not been charged/);
    expect(await sandboxCharges(key)).toEqual(['voided']);
  });

  it('returns the same payment for a repeated key without charging twice', async () => {
    const key = randomUUID();
    const orderId = randomUUID();
    const first = await authorize({ orderId }, key);
    const second = await authorize({ orderId }, key);
    expect(second.statusCode).toBe(201);
    expect(second.json().paymentId).toBe(first.json().paymentId);
    expect(await sandboxCharges(key)).toEqual(['authorized']);
  });

  it('replays a decline for a repeated key', async () => {
    const key = randomUUID();
    const orderId = randomUUID();
    const first = await authorize({ orderId, paymentToken: SANDBOX_CARDS.cardDeclined }, key);
    const second = await authorize({ orderId, paymentToken: SANDBOX_CARDS.cardDeclined }, key);
    expect(second.statusCode).toBe(402);
    expect(second.json().paymentId).toBe(first.json().paymentId);
  });

  it('refuses a reused key with a different body with 422', async () => {
    const key = randomUUID();
    await authorize({ amount: eur(100) }, key);
    const res = await authorize({ amount: eur(200) }, key);
    expect(res.statusCode).toBe(422);
    expect(res.json().type).toMatch(/idempotency-key-reused/);
  });

  it('charges once when duplicates arrive together', async () => {
    const key = randomUUID();
    const orderId = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => authorize({ orderId }, key)));
    const created = answers.filter((a) => a.statusCode === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((a) => a.json().paymentId)).size).toBe(1);
    expect(answers.every((a) => a.statusCode === 201 || a.statusCode === 409)).toBe(true);
    expect(await sandboxCharges(key)).toEqual(['authorized']);
  });

  it('requires an Idempotency-Key', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/internal/payments',
      payload: { orderId: randomUUID(), amount: eur(1), paymentToken: SANDBOX_CARDS.success },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toMatch(/idempotency-key-required/);
  });

  it('names a malformed amount field', async () => {
    const res = await authorize({ amount: { amount: 10.5, currency: 'EUR' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.amount.amount');
  });
});

describe('after authorization', () => {
  async function authorized(amount = 5000) {
    const res = await authorize({ amount: eur(amount) });
    return res.json().paymentId as string;
  }

  // xmin is the id of the transaction that last wrote a row: equal ids mean one commit wrote the
  // payment and its stored answer, so no crash can leave the effect without its answer.
  const writers = async (paymentId: string, key: string) => {
    const { rows } = await h.db.query<{ payment: string; answer: string }>(
      sql`select (select xmin::text from payments where id = ${paymentId}) as payment,
              (select xmin::text from idempotency_keys where key = ${key} and state = 'completed') as answer`,
    );
    return rows[0];
  };

  it('stores each answer in the transaction that records its effect', async () => {
    const authorizeKey = randomUUID();
    const paymentId = (await authorize({ amount: eur(4000) }, authorizeKey)).json().paymentId as string;
    const afterAuthorize = await writers(paymentId, authorizeKey);
    expect(afterAuthorize?.answer).toBe(afterAuthorize?.payment);

    const captureKey = randomUUID();
    expect((await post(`/internal/payments/${paymentId}/capture`, undefined, captureKey)).statusCode).toBe(
      200,
    );
    const afterCapture = await writers(paymentId, captureKey);
    expect(afterCapture?.answer).toBe(afterCapture?.payment);
    expect(afterCapture?.payment).not.toBe(afterAuthorize?.payment);

    const refundKey = randomUUID();
    const refund = await post(`/internal/payments/${paymentId}/refunds`, { amount: eur(1000) }, refundKey);
    expect(refund.statusCode).toBe(201);
    const afterRefund = await writers(paymentId, refundKey);
    expect(afterRefund?.answer).toBe(afterRefund?.payment);

    const voidable = await authorized();
    const voidKey = randomUUID();
    expect((await post(`/internal/payments/${voidable}/void`, undefined, voidKey)).statusCode).toBe(200);
    const afterVoid = await writers(voidable, voidKey);
    expect(afterVoid?.answer).toBe(afterVoid?.payment);
  });

  it('stores a decline in the transaction that records the failed payment', async () => {
    const key = randomUUID();
    const declined = await authorize({ paymentToken: SANDBOX_CARDS.cardDeclined }, key);
    expect(declined.statusCode).toBe(402);
    const written = await writers(declined.json().paymentId, key);
    expect(written?.answer).toBe(written?.payment);
  });

  it('replays a refund with the refunded total it answered first', async () => {
    const paymentId = await authorized(3000);
    await post(`/internal/payments/${paymentId}/capture`);
    const key = randomUUID();
    const first = await post(`/internal/payments/${paymentId}/refunds`, { amount: eur(1000) }, key);
    await post(`/internal/payments/${paymentId}/refunds`, { amount: eur(500) });
    const replay = await post(`/internal/payments/${paymentId}/refunds`, { amount: eur(1000) }, key);
    expect(first.json()).toMatchObject({ status: 'partially_refunded', refunded: eur(1000) });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
  });

  it('captures, and a repeated capture is harmless', async () => {
    const paymentId = await authorized();
    const key = randomUUID();
    expect((await post(`/internal/payments/${paymentId}/capture`, undefined, key)).json()).toEqual({
      paymentId,
      status: 'captured',
    });
    expect((await post(`/internal/payments/${paymentId}/capture`)).statusCode).toBe(200);
    await waitFor(() => h.eventsOf('payment.captured').some((e) => e.paymentId === paymentId));
  });

  it('voids an authorization and then refuses to capture it', async () => {
    const paymentId = await authorized();
    expect((await post(`/internal/payments/${paymentId}/void`)).json().status).toBe('voided');
    const capture = await post(`/internal/payments/${paymentId}/capture`);
    expect(capture.statusCode).toBe(409);
    expect(capture.json().type).toMatch(/payment-not-capturable/);
  });

  it('refunds partially, then the rest, and refuses more than was paid', async () => {
    const paymentId = await authorized(5000);
    await post(`/internal/payments/${paymentId}/capture`);
    const partial = await post(`/internal/payments/${paymentId}/refunds`, {
      amount: eur(1500),
      reason: 'scratched',
    });
    expect(partial.statusCode).toBe(201);
    expect(partial.json()).toMatchObject({ status: 'partially_refunded', refunded: eur(1500) });
    const tooMuch = await post(`/internal/payments/${paymentId}/refunds`, { amount: eur(4000) });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json()).toMatchObject({ remaining: eur(3500) });
    expect(tooMuch.json().type).toMatch(/refund-exceeds-payment/);
    const rest = await post(`/internal/payments/${paymentId}/refunds`, {});
    expect(rest.json()).toMatchObject({ status: 'refunded', refunded: eur(5000) });
    await waitFor(() => h.eventsOf('payment.refunded').filter((e) => e.paymentId === paymentId).length === 2);
  });

  it('refuses to refund an authorization that was never captured', async () => {
    const paymentId = await authorized();
    const res = await post(`/internal/payments/${paymentId}/refunds`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/void it instead/);
  });

  it("lists an order's payments and keeps a ledger of attempts for admins", async () => {
    const orderId = randomUUID();
    await authorize({ orderId, paymentToken: SANDBOX_CARDS.cardDeclined });
    const ok = (await authorize({ orderId })).json();
    const list = await h.app.inject({ method: 'GET', url: `/internal/payments?orderId=${orderId}` });
    expect(
      list
        .json()
        .payments.map((p: { status: string }) => p.status)
        .sort(),
    ).toEqual(['authorized', 'failed']);
    const admin = await h.tokens.sign({ roles: ['admin'] });
    const detail = await h.app.inject({
      method: 'GET',
      url: `/admin/payments/${ok.paymentId}`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(detail.json().ledger).toEqual([{ kind: 'authorize', outcome: 'succeeded', code: null }]);
    const customer = await h.tokens.sign({ roles: ['customer'] });
    const forbidden = await h.app.inject({
      method: 'GET',
      url: '/admin/payments',
      headers: { authorization: `Bearer ${customer}` },
    });
    expect(forbidden.statusCode).toBe(403);
  });
});
