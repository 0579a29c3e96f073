// Idempotency keys for POST /orders. A retry of the same checkout after no answer must send the
// same key (so a lost answer never charges twice); any other attempt gets a fresh one.
import type { CheckoutRequest } from '@emporium/api-client';

function randomKey(): string {
  // Hermes has no crypto.randomUUID; uniqueness, not secrecy, is what a key needs.
  const uuid = globalThis.crypto?.randomUUID?.();
  return (
    uuid ??
    `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`
  );
}

export class CheckoutAttempts {
  private last: { key: string; body: string; answered: boolean } | undefined;

  /** The key for sending `request` now. */
  keyFor(request: CheckoutRequest): string {
    const body = JSON.stringify(request);
    if (this.last && !this.last.answered && this.last.body === body) return this.last.key;
    this.last = { key: randomKey(), body, answered: false };
    return this.last.key;
  }

  /** The service answered (with an order or a refusal): the next submit is a new attempt. */
  answered(): void {
    if (this.last) this.last.answered = true;
  }
}
