// Stripe through the official SDK: a manual-capture PaymentIntent per authorization, confirmed at
// once with the shopper's PaymentMethod (the paymentToken, e.g. `pm_card_visa`). Stripe's own
// idempotency keys make every call safe to retry.
import type { Money } from '@emporium/contracts';
import type { DeclineCode } from '@emporium/contracts/payment';
import Stripe from 'stripe';
import {
  type AuthorizationOutcome,
  type AuthorizationRequest,
  type PaymentProvider,
  ProviderRejectedError,
  ProviderUnreachableError,
} from './provider.js';

export interface StripeProviderOptions {
  apiKey: string;
  /** e.g. http://127.0.0.1:12111 for stripe-mock; Stripe's own API when absent. */
  apiBase?: string;
}

const DECLINE_CODES: Record<string, DeclineCode> = {
  insufficient_funds: 'insufficient_funds',
  expired_card: 'expired_card',
  processing_error: 'processing_error',
};

export function createStripeClient(options: StripeProviderOptions): Stripe {
  const base = options.apiBase ? new URL(options.apiBase) : undefined;
  return new Stripe(options.apiKey, {
    maxNetworkRetries: 2,
    timeout: 10_000,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

function translate(error: unknown): Error {
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError) {
    return new ProviderUnreachableError(error.message);
  }
  if (error instanceof Stripe.errors.StripeError) return new ProviderRejectedError(error.message);
  return error as Error;
}

export function createStripeProvider(stripe: Stripe): PaymentProvider {
  async function createIntent(request: AuthorizationRequest) {
    return stripe.paymentIntents.create(
      {
        amount: request.amount.amount,
        currency: request.amount.currency.toLowerCase(),
        payment_method: request.paymentToken,
        capture_method: 'manual',
        confirm: true,
        metadata: { orderId: request.orderId },
      },
      { idempotencyKey: request.idempotencyKey },
    );
  }

  return {
    name: 'stripe',

    async authorize(request): Promise<AuthorizationOutcome> {
      try {
        const intent = await createIntent(request);
        // With confirm=true Stripe reports card failures as a StripeCardError (below); an intent
        // that still needs the shopper (3-D Secure) or was cancelled is not an authorization.
        if (intent.status === 'requires_action' || intent.status === 'canceled') {
          return {
            outcome: 'declined',
            code: 'card_declined',
            message: 'Your bank asked for an extra confirmation we cannot complete here.',
            providerRef: intent.id,
          };
        }
        return { outcome: 'authorized', providerRef: intent.id };
      } catch (error) {
        if (error instanceof Stripe.errors.StripeCardError) {
          return {
            outcome: 'declined',
            code: DECLINE_CODES[error.decline_code ?? error.code ?? ''] ?? 'card_declined',
            message: error.message,
            ...(error.payment_intent?.id ? { providerRef: error.payment_intent.id } : {}),
          };
        }
        throw translate(error);
      }
    },

    async findAuthorization(request) {
      // Stripe replays the original response for a repeated idempotency key, so asking again
      // with the same key reveals what it did the first time without charging twice.
      try {
        const intent = await createIntent(request);
        return intent.status === 'canceled' ? undefined : { providerRef: intent.id };
      } catch (error) {
        if (error instanceof Stripe.errors.StripeCardError) return undefined;
        throw translate(error);
      }
    },

    async capture(providerRef, idempotencyKey) {
      await stripe.paymentIntents.capture(providerRef, {}, { idempotencyKey }).catch((e) => {
        throw translate(e);
      });
    },

    async void(providerRef, idempotencyKey) {
      await stripe.paymentIntents.cancel(providerRef, {}, { idempotencyKey }).catch((e) => {
        throw translate(e);
      });
    },

    async refund(providerRef: string, amount: Money, idempotencyKey: string) {
      const refund = await stripe.refunds
        .create({ payment_intent: providerRef, amount: amount.amount }, { idempotencyKey })
        .catch((e) => {
          throw translate(e);
        });
      return { providerRef: refund.id };
    },
  };
}
