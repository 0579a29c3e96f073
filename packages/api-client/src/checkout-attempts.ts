// Idempotency keys for POST /orders, and any request a retry must not repeat (an exchange). A
// retry of the same request after no answer must send the same key, so a lost answer never orders
// or charges twice; any other attempt gets a fresh key (the order service refuses a used key with
// a different body: idempotency-key-reused).
import { ApiError } from './problem.js';
import type { CheckoutRequest } from './types.js';

function newKey(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  if (typeof crypto?.getRandomValues === 'function') {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  // Hermes (React Native) may have no Web Crypto; a key needs uniqueness, not secrecy.
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/** Whether an error left it unknown if the order was placed (then the retry reuses the key). */
function answerWasLost(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
}

/** The same keys for any request a retry must not repeat (an exchange, a return). */
export class RequestAttempts<Request> {
  private last: { key: string; body: string; answered: boolean } | undefined;

  /** The key for sending `request` now. */
  keyFor(request: Request): string {
    const body = JSON.stringify(request);
    if (this.last && !this.last.answered && this.last.body === body) return this.last.key;
    this.last = { key: newKey(), body, answered: false };
    return this.last.key;
  }

  /** The service answered (with an order or a refusal): the next submit is a new attempt. */
  answered(): void {
    if (this.last) this.last.answered = true;
  }

  /** Sending failed: a refusal was an answer; after a lost answer the retry keeps the key. */
  failed(error: unknown): void {
    if (!answerWasLost(error)) this.answered();
  }
}

export class CheckoutAttempts extends RequestAttempts<CheckoutRequest> {}
