// The platform's rule for bad input, as checks on one answer: never a 5xx, never accepted, a
// problem+json body with type, title and status, and a validation problem names the broken field.
import type { MalformedRequest } from './malformed-requests.js';

export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

interface ProblemBody {
  type?: unknown;
  title?: unknown;
  status?: unknown;
  errors?: { field?: unknown }[];
}

const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/** What is wrong with the answer to a malformed request; empty when it follows the rule. */
export function ruleBreaches(request: MalformedRequest, answer: Answer): string[] {
  if (answer.status >= 500) return [`answered ${answer.status}`];
  if (answer.status < 400) return [`accepted it with ${answer.status}`];
  if (!answer.contentType.startsWith('application/problem+json')) {
    return [`answered ${answer.status} as ${answer.contentType || 'no content type'}, not problem+json`];
  }
  let problem: ProblemBody;
  try {
    problem = JSON.parse(answer.body) as ProblemBody;
  } catch {
    return ['answered a problem+json body that is not JSON'];
  }
  const breaches: string[] = [];
  if (typeof problem.type !== 'string') breaches.push('problem has no type');
  if (typeof problem.title !== 'string') breaches.push('problem has no title');
  if (problem.status !== answer.status)
    breaches.push(`problem status ${String(problem.status)} ≠ ${answer.status}`);
  if (answer.status === 400 && typeof problem.type === 'string' && problem.type.endsWith('/validation')) {
    const fields = (problem.errors ?? [])
      .map((e) => e.field)
      .filter((f): f is string => typeof f === 'string');
    if (fields.length === 0) breaches.push('validation problem names no field');
    else if (request.field && !fields.some((f) => related(f, request.field!))) {
      breaches.push(`validation problem names ${fields.join(', ')} but not ${request.field}`);
    }
  }
  return breaches;
}
