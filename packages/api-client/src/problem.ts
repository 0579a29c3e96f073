// Errors of the API as values: every non-2xx answer becomes an ApiError carrying the problem+json
// body (RFC 9457) with its stable `type`, so callers branch on `slug`, never on a message.

import type { FieldError, ProblemBody } from '@emporium/contracts/problem';
import { PROBLEM_BASE } from '@emporium/contracts/problem-base';

export type { FieldError, ProblemBody };

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemBody;

  constructor(problem: ProblemBody) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** The last part of the problem type, e.g. `payment-declined`, `email-taken`, `validation`. */
  get slug(): string {
    return this.problem.type.startsWith(PROBLEM_BASE)
      ? this.problem.type.slice(PROBLEM_BASE.length)
      : this.problem.type;
  }

  /**
   * Field errors keyed by the body field they name, without the `body.` prefix the services add
   * (`body.shippingAddress.city` → `shippingAddress.city`), so forms can show them in place.
   */
  get fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const { field, message } of this.problem.errors ?? []) {
      const name = field.replace(/^(body|querystring|params)\./, '');
      byField[name] ??= message;
    }
    return byField;
  }

  /** A problem extension such as `unavailable` or `declineMessage`. */
  extension<T = unknown>(name: string): T | undefined {
    return this.problem[name] as T | undefined;
  }
}

/** Builds the ApiError for an answer, whether or not its body is problem+json. */
export function problemFromResponse(response: Response, body: unknown): ApiError {
  if (body && typeof body === 'object' && typeof (body as ProblemBody).type === 'string') {
    return new ApiError({
      ...(body as ProblemBody),
      status: (body as ProblemBody).status ?? response.status,
    });
  }
  return new ApiError({
    type: `${PROBLEM_BASE}http-${response.status}`,
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail:
      response.status >= 500
        ? 'The shop could not answer just now. Please try again in a moment.'
        : `The request failed (${response.status}).`,
  });
}

/** A request that never got an answer (offline, DNS, refused connection). */
export function networkProblem(cause: unknown): ApiError {
  const error = new ApiError({
    type: `${PROBLEM_BASE}network`,
    title: 'No connection',
    status: 0,
    detail: 'Could not reach the shop. Check your connection and try again.',
  });
  error.cause = cause;
  return error;
}
