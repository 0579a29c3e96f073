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

/** How long a shopper's app keeps sending a checkout the shop is too busy to take. */
export const BUSY_PATIENCE_MS = 30_000;

/**
 * Sends a checkout (the same request under the same key each time), and while the order service
 * turns it away as busy (503 `checkout-busy`: nothing was ordered, reserved or charged) sends it
 * again after the answer's Retry-After, for up to `patienceMs` in all. `onBusy` hears each wait,
 * so the app can say the shop is busy and when it tries again. Any other answer or error is the
 * caller's, as from one send; so is the last busy answer once patience runs out.
 */
export async function sendUntilAdmitted<T>(
  send: () => Promise<T>,
  options: {
    patienceMs?: number;
    onBusy?: (retryInSeconds: number) => void;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
  } = {},
): Promise<T> {
  const {
    patienceMs = BUSY_PATIENCE_MS,
    onBusy,
    sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    now = Date.now,
  } = options;
  const giveUpAt = now() + patienceMs;
  for (;;) {
    try {
      return await send();
    } catch (error) {
      const seconds = busyRetryAfter(error);
      if (seconds === undefined || now() + seconds * 1000 > giveUpAt) throw error;
      onBusy?.(seconds);
      await sleep(seconds * 1000);
    }
  }
}

/** The seconds a busy refusal asks the client to wait, or undefined for any other error. */
function busyRetryAfter(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.status !== 503 || error.slug !== 'checkout-busy')
    return undefined;
  const seconds = Number(error.problem.retryAfter);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.max(1, seconds) : 1;
}
