// RFC 9457 problem details: errors are values with a stable `type`, never string-matched messages.
import { type FieldError, PROBLEM_BASE, type ProblemBody } from '@emporium/contracts/problem';

export { type FieldError, PROBLEM_BASE, type ProblemBody };

export class HttpProblem extends Error {
  readonly type: string;
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
    this.type = PROBLEM_BASE + slug;
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export const problems = {
  validation: (errors: FieldError[], detail = 'The request has invalid fields.') =>
    new HttpProblem(400, 'validation', 'Request validation failed', detail, { errors }),
  badRequest: (detail: string, slug = 'bad-request') => new HttpProblem(400, slug, 'Bad request', detail),
  unauthorized: (detail = 'Authentication is required.', slug = 'unauthorized') =>
    new HttpProblem(401, slug, 'Unauthorized', detail),
  forbidden: (detail = 'You are not allowed to do this.') =>
    new HttpProblem(403, 'forbidden', 'Forbidden', detail),
  notFound: (what: string) => new HttpProblem(404, 'not-found', 'Not found', `${what} was not found.`),
  conflict: (detail: string, slug = 'conflict') => new HttpProblem(409, slug, 'Conflict', detail),
  unprocessable: (detail: string, slug = 'unprocessable') =>
    new HttpProblem(422, slug, 'Unprocessable request', detail),
  tooManyRequests: (retryAfterSeconds: number, detail = 'Too many requests; slow down.') =>
    new HttpProblem(429, 'rate-limited', 'Too many requests', detail, { retryAfter: retryAfterSeconds }),
  /** Sent with Retry-After, so a client that retries spaces its attempts instead of piling on. */
  unavailable: (detail: string, slug = 'unavailable', retryAfterSeconds = 1) =>
    new HttpProblem(503, slug, 'Service unavailable', detail, { retryAfter: retryAfterSeconds }),
};
