// What the caller hears when an upstream cannot answer: problem+json with a stable type, never a
// stack trace or a hang.
import { HttpProblem } from '@emporium/platform';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN']);

function codeOf(error: unknown): string | undefined {
  const { code, cause } = (error ?? {}) as { code?: string; cause?: unknown };
  const causeCode = (cause as { code?: string } | undefined)?.code;
  return causeCode ?? code;
}

export function upstreamFailure(upstream: string, error: unknown): HttpProblem {
  const code = codeOf(error);
  if (code && TIMEOUT_CODES.has(code)) {
    return new HttpProblem(
      504,
      'upstream-timeout',
      'Gateway timeout',
      `The ${upstream} service did not answer in time.`,
      { upstream },
    );
  }
  if (code && UNREACHABLE_CODES.has(code)) {
    return new HttpProblem(
      503,
      'upstream-unavailable',
      'Service unavailable',
      `The ${upstream} service is not reachable right now; try again shortly.`,
      { upstream },
    );
  }
  return new HttpProblem(502, 'bad-gateway', 'Bad gateway', `The ${upstream} service answered badly.`, {
    upstream,
  });
}

export function circuitOpen(upstream: string, retryAfterMs: number): HttpProblem {
  return new HttpProblem(
    503,
    'upstream-unavailable',
    'Service unavailable',
    `The ${upstream} service is failing; calls are paused while it recovers.`,
    { upstream, circuit: 'open', retryAfter: Math.max(1, Math.ceil(retryAfterMs / 1000)) },
  );
}
