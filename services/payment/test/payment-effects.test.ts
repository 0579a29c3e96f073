// The one-statement effect writes when someone else moved the payment between our read and our
// write (a concurrent call or a webhook): its event stays theirs, and a refund writes nothing.
import { randomUUID } from 'node:crypto';
import { type SqlExecutor, type SqlStatement, sql } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnce } from '../src/payments/idempotency.js';
import { SANDBOX_CARDS } from '../src/providers/sandbox-provider.js';
import { type AnswerParams, ClaimLostError, idempotencyKeys } from '../src/repositories/idempotency-keys.js';
import { paymentEffects } from '../src/repositories/payment-effects.js';
import { countedDatabase } from './support/counted-database.js';
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

/** A key as claim `claimId` holds it. */
async function claimedKey(tx: SqlExecutor, claimId = randomUUID()): Promise<string> {
  const key = randomUUID();
  await tx.query(
    sql`insert into idempotency_keys (key, request_hash, state, locked_until, claim_id)
     values (${key}, 'h', 'in_progress', now(), ${claimId})`,
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

const count = async (tx: SqlExecutor, rowsOf: SqlStatement) =>
  (await tx.query<{ n: number }>(sql`select count(*)::int as n from ${rowsOf}`)).rows[0]!.n;

describe('recording an effect someone else already made', () => {
  it('keeps the ledger entry and the answer of a transition but publishes no second event', async () => {
    const paymentId = await capturedPayment();
    await inspectRolledBack(async (tx) => {
      const claimId = randomUUID();
      const key = await claimedKey(tx, claimId);
      const eventId = randomUUID();
      const answer: AnswerParams = [key, 200, JSON.stringify({ paymentId, status: 'captured' }), claimId];
      const moved = await paymentEffects.recordTransition(
        tx,
        { paymentId, from: ['authorized'], to: 'captured' },
        { kind: 'capture', outcome: 'succeeded' },
        eventJson(eventId, paymentId),
        answer,
      );
      expect(moved).toBe(false);
      expect(await count(tx, sql`event_outbox where id = ${eventId}`)).toBe(0);
      expect(
        await count(tx, sql`payment_attempts where payment_id = ${paymentId} and kind = 'capture'`),
      ).toBe(2);
      expect(await count(tx, sql`idempotency_keys where key = ${key} and state = 'completed'`)).toBe(1);
    });
  });

  it('writes nothing for a refund that is not pending (never reserved, or settled already)', async () => {
    const paymentId = await capturedPayment();
    await inspectRolledBack(async (tx) => {
      const claimId = randomUUID();
      const key = await claimedKey(tx, claimId);
      const eventId = randomUUID();
      const refunded = await paymentEffects.recordRefund(
        tx,
        { paymentId, refundId: randomUUID(), providerRef: 're_test' },
        { kind: 'refund', outcome: 'succeeded', amount: 2000 },
        eventJson(eventId, paymentId),
        [key, 201, JSON.stringify({ refunded: { amount: 2000, currency: 'EUR' } }), claimId],
      );
      expect(refunded).toBeUndefined();
      expect(await count(tx, sql`event_outbox where id = ${eventId}`)).toBe(0);
      expect(await count(tx, sql`refunds where payment_id = ${paymentId}`)).toBe(0);
      expect(await count(tx, sql`payment_attempts where payment_id = ${paymentId} and kind = 'refund'`)).toBe(
        0,
      );
      expect(await count(tx, sql`idempotency_keys where key = ${key} and state = 'completed'`)).toBe(0);
    });
  });
});

// A holder slower than its lease: a retry claimed the key again and recorded the effect. The late
// holder's write must record nothing — no second payment, event, ledger entry or answer.
describe('recording an effect under a claim that was taken over', () => {
  it('writes nothing and says the claim was lost', async () => {
    await inspectRolledBack(async (tx) => {
      const key = await claimedKey(tx, randomUUID());
      const lateClaim = randomUUID();
      const paymentId = randomUUID();
      const eventId = randomUUID();
      const late = paymentEffects.recordAuthorization(
        tx,
        {
          id: paymentId,
          orderId: randomUUID(),
          customerId: null,
          amount: 2000,
          currency: 'EUR',
          status: 'authorized',
          provider: 'sandbox',
          providerRef: 'ch_late',
          declineCode: null,
          declineMessage: null,
        },
        [{ kind: 'authorize', outcome: 'succeeded', amount: 2000, providerRef: 'ch_late' }],
        JSON.stringify([{ id: eventId, type: 'payment.authorized', subject: paymentId, data: {} }]),
        [key, 201, JSON.stringify({ paymentId }), lateClaim],
      );
      await expect(late).rejects.toBeInstanceOf(ClaimLostError);
      expect(await count(tx, sql`payments where id = ${paymentId}`)).toBe(0);
      expect(await count(tx, sql`payment_attempts where payment_id = ${paymentId}`)).toBe(0);
      expect(await count(tx, sql`event_outbox where id = ${eventId}`)).toBe(0);
      expect(await count(tx, sql`idempotency_keys where key = ${key} and state = 'in_progress'`)).toBe(1);
    });
  });
});

describe('runOnce when its call outlives the lease', () => {
  it('answers the late call 409 and keeps the retry’s payment and answer, once', async () => {
    const keys = idempotencyKeys(h.db);
    const key = randomUUID();
    const orderId = randomUUID();
    const authorized = (answer: AnswerParams, paymentId: string) =>
      paymentEffects.recordAuthorization(
        h.db,
        {
          id: paymentId,
          orderId: orderId,
          customerId: null,
          amount: 2000,
          currency: 'EUR',
          status: 'authorized',
          provider: 'sandbox',
          providerRef: `ch_${paymentId}`,
          declineCode: null,
          declineMessage: null,
        },
        [{ kind: 'authorize', outcome: 'succeeded', amount: 2000 }],
        '[]',
        answer,
      );
    const late = runOnce(keys, key, 'same-request', 201, async (answer) => {
      // While this call waits on its provider, its lease runs out and a retry does the work.
      await h.db.query(
        sql`update idempotency_keys set locked_until = now() - interval '1 second' where key = ${key}`,
      );
      const retry = await runOnce(keys, key, 'same-request', 201, async (retryAnswer) => {
        const paymentId = randomUUID();
        await authorized(retryAnswer.result({ paymentId }), paymentId);
        return { paymentId };
      });
      expect(retry.statusCode).toBe(201);
      const paymentId = randomUUID();
      await authorized(answer.result({ paymentId }), paymentId);
      return { paymentId };
    });
    await expect(late).rejects.toMatchObject({
      status: 409,
      type: expect.stringContaining('request-in-progress'),
    });
    const { rows } = await h.db.query<{ id: string }>(
      sql`select id from payments where order_id = ${orderId}`,
    );
    expect(rows).toHaveLength(1);
    const replay = await runOnce(keys, key, 'same-request', 201, async () => {
      throw new Error('a completed key must not run again');
    });
    expect(replay.body).toEqual({ paymentId: rows[0]!.id });
  });
});

describe('claiming a key for work on a payment', () => {
  it('reads the payment in the same statement, and nothing for a key that is already answered', async () => {
    const keys = idempotencyKeys(h.db);
    const paymentId = await capturedPayment();
    const key = randomUUID();
    const claim = await keys.claim(key, 'h', paymentId);
    expect(claim).toMatchObject({
      kind: 'claimed',
      payment: { id: paymentId, status: 'captured', amount: 2000 },
    });
    if (claim.kind !== 'claimed') throw new Error('not claimed');
    await keys.complete(key, claim.claimId, { statusCode: 200, body: { paymentId } });
    expect(await keys.claim(key, 'h', paymentId)).toEqual({
      kind: 'completed',
      response: { statusCode: 200, body: { paymentId } },
    });
    expect(await keys.claim(key, 'other request', paymentId)).toEqual({ kind: 'mismatch' });
    expect(await keys.claim(randomUUID(), 'h', randomUUID())).toMatchObject({
      kind: 'claimed',
      payment: null,
    });
  });

  it('claims the keys asked in one turn with one statement, each with its own outcome', async () => {
    const counted = countedDatabase(h.db);
    const keys = idempotencyKeys(counted.db);
    const paymentId = await capturedPayment();
    const answered = randomUUID();
    const first = await keys.claim(answered, 'h');
    if (first.kind !== 'claimed') throw new Error('not claimed');
    await keys.complete(answered, first.claimId, { statusCode: 201, body: { paymentId } });
    const [fresh, asked, unknown, missingPayment] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    counted.reset();
    const outcomes = await Promise.all([
      keys.claim(fresh, 'h'),
      keys.claim(asked, 'h', paymentId),
      keys.claim(asked, 'h', paymentId),
      keys.claim(unknown, 'h', missingPayment),
    ]);
    expect(outcomes).toEqual([
      { kind: 'claimed', claimId: expect.any(String) },
      { kind: 'claimed', claimId: expect.any(String), payment: expect.objectContaining({ id: paymentId }) },
      // The same key twice in one turn: the second finds it held, as it would a moment later.
      { kind: 'in_progress' },
      { kind: 'claimed', claimId: expect.any(String), payment: null },
    ]);
    // One statement for the four claims, one more to learn what became of the repeated key.
    expect(counted.statements()).toBe(2);
    counted.reset();
    expect(await Promise.all([keys.claim(answered, 'h'), keys.claim(fresh, 'other request')])).toEqual([
      { kind: 'completed', response: { statusCode: 201, body: { paymentId } } },
      { kind: 'mismatch' },
    ]);
    expect(counted.statements()).toBe(3);
  });

  it('answers 404 for a capture of a payment that does not exist', async () => {
    const missing = randomUUID();
    const res = await post(`/internal/payments/${missing}/capture`);
    expect(res.statusCode).toBe(404);
    expect(res.json().type).toContain('not-found');
  });
});
