// Applies Stripe's asynchronous news (verified webhook events) to our payments: an intent
// cancelled, captured or refunded outside our calls (dashboard, expiry, dispute tooling). Each
// Stripe event id is applied once.
import type { Outbox } from '@emporium/platform';
import type Stripe from 'stripe';
import { paymentsRepository as payments } from '../repositories/payments.js';
import { stripeWebhookEvents } from '../repositories/stripe-webhook-events.js';
import { facts } from './payment-facts.js';

export async function applyStripeEvent(
  outbox: Outbox,
  event: Stripe.Event,
): Promise<'applied' | 'duplicate' | 'ignored'> {
  return outbox.transaction(async (tx, emit) => {
    if (!(await stripeWebhookEvents.recordFirstDelivery(tx, event))) return 'duplicate';
    const object = event.data.object as {
      id?: string;
      payment_intent?: string | { id: string } | null;
      amount_refunded?: number;
    };
    const intentId =
      event.type === 'charge.refunded'
        ? typeof object.payment_intent === 'string'
          ? object.payment_intent
          : object.payment_intent?.id
        : object.id;
    const row = intentId ? await payments.findByProviderRef(tx, intentId) : undefined;
    if (!row) return 'ignored';
    const note = {
      paymentId: row.id,
      kind: 'webhook' as const,
      outcome: 'succeeded' as const,
      message: event.type,
    };
    if (event.type === 'payment_intent.canceled') {
      const moved = await payments.transition(tx, row.id, ['authorized'], 'voided');
      if (!moved) return 'ignored';
      await payments.recordAttempt(tx, note);
      emit({ type: 'payment.voided', subject: row.id, data: facts(moved) });
      return 'applied';
    }
    if (event.type === 'payment_intent.succeeded') {
      const moved = await payments.transition(tx, row.id, ['authorized'], 'captured');
      if (!moved) return 'ignored';
      await payments.recordAttempt(tx, note);
      emit({ type: 'payment.captured', subject: row.id, data: facts(moved) });
      return 'applied';
    }
    if (event.type === 'charge.refunded') {
      // Refunds we asked for and have not settled yet are ours to count (refund-payment.ts).
      const delta = (object.amount_refunded ?? 0) - row.refundedAmount - row.refundingAmount;
      if (delta <= 0) return 'ignored';
      const status = row.refundedAmount + delta >= row.amount ? 'refunded' : 'partially_refunded';
      const moved = await payments.transition(tx, row.id, ['captured', 'partially_refunded'], status, delta);
      if (!moved) return 'ignored';
      await payments.recordAttempt(tx, { ...note, amount: delta });
      emit({
        type: 'payment.refunded',
        subject: row.id,
        data: { ...facts(moved), refunded: { amount: delta, currency: row.currency } },
      });
      return 'applied';
    }
    return 'ignored';
  });
}
