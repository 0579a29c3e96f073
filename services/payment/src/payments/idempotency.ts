// Runs a mutating call once per Idempotency-Key: the same key and body replays the stored
// response; the same key with another body is refused (422); a duplicate arriving while the first
// is still running gets 409 and retries. Definite answers (2xx, and 4xx such as a decline) are
// stored; failures worth retrying (5xx, provider unreachable) release the key.
//
// A definite answer is stored by the work itself, in the statement that records its effect:
// stored afterwards, a crash in between would leave the key claimed with its effect done, and the
// retry after the lease would do the work a second time (a second payment row for one
// authorization).
import { createHash } from 'node:crypto';
import { HttpProblem } from '@emporium/platform';
import {
  type AnswerParams,
  ClaimLostError,
  type idempotencyKeys,
  type StoredResponse,
} from '../repositories/idempotency-keys.js';
import type { PaymentRecord } from '../repositories/payments.js';

export type IdempotencyKeys = ReturnType<typeof idempotencyKeys>;

export function fingerprint(operation: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, body ?? null]))
    .digest('hex');
}

export function requireIdempotencyKey(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || key.length > 200) {
    throw new HttpProblem(
      400,
      'idempotency-key-required',
      'Idempotency-Key required',
      'Every mutating call needs an Idempotency-Key header (1 to 200 characters).',
    );
  }
  return key;
}

/**
 * Handed to an operation so that the statement recording its effect also stores its answer. The
 * answer counts as stored when the operation returns after calling `result`, or throws the very
 * problem it passed to `refusal`; any other answer is stored by runOnce afterwards.
 */
export interface AnswerRecorder<T> {
  /** The successful answer `value` (answered with runOnce's status code). */
  result(value: T): AnswerParams;
  /** A definite refusal that has an effect of its own (a decline is a failed payment). */
  refusal(problem: HttpProblem): AnswerParams;
  /** The claim, for a write before the answer that must also hold the key (a refund's reservation). */
  readonly claim: { key: string; claimId: string };
}

/**
 * Runs `operation` once per key; its result is answered (and replayed) with `statusCode`. With
 * `paymentId`, the claim reads that payment in the same round trip and hands it to the operation
 * (null when there is none).
 */
export async function runOnce<T>(
  keys: IdempotencyKeys,
  key: string,
  requestHash: string,
  statusCode: number,
  operation: (answer: AnswerRecorder<T>, payment?: PaymentRecord | null) => Promise<T>,
  paymentId?: string,
): Promise<StoredResponse> {
  const claim = await keys.claim(key, requestHash, paymentId);
  if (claim.kind === 'completed') return claim.response;
  if (claim.kind === 'mismatch') {
    throw new HttpProblem(
      422,
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was already used with a different request.',
    );
  }
  if (claim.kind === 'in_progress') throw requestInProgress();
  const { claimId } = claim;
  let resultStored = false;
  let storedRefusal: HttpProblem | undefined;
  const answer: AnswerRecorder<T> = {
    result(value) {
      resultStored = true;
      return [key, statusCode, JSON.stringify(value), claimId];
    },
    refusal(problem) {
      storedRefusal = problem;
      return [key, problem.status, JSON.stringify(problem.toBody()), claimId];
    },
    claim: { key, claimId },
  };
  let response: StoredResponse;
  let stored: boolean;
  try {
    response = { statusCode, body: await operation(answer, claim.payment) };
    stored = resultStored;
  } catch (error) {
    if (error instanceof HttpProblem && error.status < 500) {
      response = { statusCode: error.status, body: error.toBody() };
      stored = error === storedRefusal;
    } else if (error instanceof ClaimLostError) {
      // This call outlived its lease and a retry holds the key now: its answer will be the one.
      throw requestInProgress();
    } else {
      // Only this claim, unfinished, is released: an answer committed before the failure stays.
      await keys.release(key, claimId).catch(() => {});
      throw error;
    }
  }
  if (!stored) await keys.complete(key, claimId, response);
  return response;
}

const requestInProgress = () =>
  new HttpProblem(
    409,
    'request-in-progress',
    'Request in progress',
    'A request with this Idempotency-Key is still being processed; retry shortly.',
  );
