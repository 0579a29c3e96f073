// The port every payment provider adapter implements (Stripe, and the embedded sandbox).
import type { Money } from '@emporium/contracts';
import type { DeclineCode } from '@emporium/contracts/payment';

export interface AuthorizationRequest {
  /** The provider dedups on this key: the same key never charges twice. */
  idempotencyKey: string;
  orderId: string;
  amount: Money;
  paymentToken: string;
}

export type AuthorizationOutcome =
  | { outcome: 'authorized'; providerRef: string }
  | { outcome: 'declined'; code: DeclineCode; message: string; providerRef?: string };

/** The provider could not be reached, or its answer was lost: it may or may not have acted. */
export class ProviderUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderUnreachableError';
  }
}

/** The provider answered and refused the operation (e.g. capturing a voided authorization). */
export class ProviderRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderRejectedError';
  }
}

export interface PaymentProvider {
  readonly name: 'sandbox' | 'stripe';
  authorize(request: AuthorizationRequest): Promise<AuthorizationOutcome>;
  /** After a lost answer: the authorization the provider holds under this key, if it made one. */
  findAuthorization(request: AuthorizationRequest): Promise<{ providerRef: string } | undefined>;
  capture(providerRef: string, idempotencyKey: string): Promise<void>;
  void(providerRef: string, idempotencyKey: string): Promise<void>;
  refund(providerRef: string, amount: Money, idempotencyKey: string): Promise<{ providerRef: string }>;
}
