// The one-statement effect writes when someone else moved the payment between our read and our
// write (a concurrent call or a webhook): its event stays theirs, and a refund writes nothing.
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CARDS } from '../src/providers/sandbox-provider.js';
import type { AnswerParams } from '../src/repositories/idempotency-keys.js';
import { paymentEffects } from '../src/repositories/payment-effects.js';
import { startPaymentHarness } from './support/payment-harness.js';

let h: Awaited<ReturnType<typeof startPaymentHarness>>;
beforeAll(async () => {
  h = await startPaymentHarness();
});
afterAll(() => h.close());

const post = (url: string, payload?: object) =>
  h.app.inject({
    method: 'POST',
    url,
    headers: { 'idempotency-key': randomUUID() },
    ...(payload ? { payload } : {}),
  });

async function capturedPayment() {
  const res = await post('/internal/payments', {
    orderId: randomUUID(),
    amount: { amount: 2000, currency: 'EUR' },
    paymentToken: SANDBOX_CARDS.success,
  });
  const paymentId = res.json().paymentId as string;
  await post(`/internal/payments/${paymentId}/capture`);
  return paymentId;
}

async function claimedKey(tx: SqlExecutor): Promise<string> {
  const key = randomUUID();
  await tx.query(
    `insert into idempotency_keys (key, request_hash, state, locked_until) values ($1, 'h', 'in_progress', now())`,
    [key],
  );
  return key;
}

const eventJson = (id: string, paymentId: string) =>
  JSON.stringify([{ id, type: 'payment.captured', subject: paymentId, data: {} }]);

/** Runs fn and rolls back: the outbox relay never sees (and removes) what it wrote. */
async function inspectRolledBack(fn: (tx: SqlExecutor) => Promise<void>) {
  const done = new Error('roll back');
  await expect(
    h.db.transaction(async (tx) => {
      await fn(tx);
      throw done;
    }),
  ).rejects.toBe(done);
}

const count = async (tx: SqlExecutor, sql: string, params: unknown[]) =>
  (await tx.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params)).rows[0]!.n;

describe('recording an effect someone else already made', () => {
  it('keeps the ledger entry and the answer of a transition but publishes no second event', async () => {
    const paymentId = await capturedPayment();
    await inspectRolledBack(async (tx) => {
      const key = await claimedKey(tx);
      const eventId = randomUUID();
      const answer: AnswerParams = [key, 200, JSON.stringify({ paymentId, status: 'captured' })];
      const moved = await paymentEffects.recordTransition(
        tx,
        { paymentId, from: ['authorized'], to: 'captured' },
        { kind: 'capture', outcome: 'succeeded' },
        eventJson(eventId, paymentId),
        answer,
      );
      expect(moved).toBe(false);
      expect(await count(tx, 'event_outbox where id = $1', [eventId])).toBe(0);
      expect(
        await count(tx, `payment_attempts where payment_id = $1 and kind = 'capture'`, [paymentId]),
      ).toBe(2);
      expect(await count(tx, `idempotency_keys where key = $1 and state = 'completed'`, [key])).toBe(1);
    });
  });

  it('writes nothing for a refund of a payment that is no longer refundable', async () => {
    const paymentId = await capturedPayment();
    await inspectRolledBack(async (tx) => {
      const key = await claimedKey(tx);
      const eventId = randomUUID();
      const refunded = await paymentEffects.recordRefund(
        tx,
        {
          paymentId,
          from: ['authorized'],
          to: 'refunded',
          refundId: randomUUID(),
          amount: 2000,
          providerRef: 're_test',
        },
        { kind: 'refund', outcome: 'succeeded', amount: 2000 },
        eventJson(eventId, paymentId),
        [key, 201, JSON.stringify({ refunded: { amount: 2000, currency: 'EUR' } })],
      );
      expect(refunded).toBeUndefined();
      expect(await count(tx, 'event_outbox where id = $1', [eventId])).toBe(0);
      expect(await count(tx, 'refunds where payment_id = $1', [paymentId])).toBe(0);
      expect(await count(tx, `payment_attempts where payment_id = $1 and kind = 'refund'`, [paymentId])).toBe(
        0,
      );
      expect(await count(tx, `idempotency_keys where key = $1 and state = 'completed'`, [key])).toBe(0);
    });
  });
});
