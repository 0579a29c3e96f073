// Turns every error into application/problem+json. Validation errors name their fields; unknown
// errors are logged with the request id and answered without internals. Requests no route takes
// are answered in route-not-found.ts.
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldError, HttpProblem, PROBLEM_BASE, type ProblemBody } from '../problems.js';

function fieldOf(context: string | undefined, path: string, missing?: string): string {
  const segments = [context ?? 'body', ...path.split('/').filter(Boolean)];
  if (missing) segments.push(missing);
  return segments.join('.');
}

function validationBody(error: FastifyError): ProblemBody {
  const errors: FieldError[] = (error.validation ?? []).map((item) => {
    const params = item.params as Record<string, unknown>;
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
    const extra = typeof params.additionalProperty === 'string' ? params.additionalProperty : undefined;
    return {
      field: fieldOf(error.validationContext, item.instancePath, missing ?? extra),
      message: extra ? 'is not an allowed field' : (item.message ?? 'is invalid'),
    };
  });
  return {
    type: `${PROBLEM_BASE}validation`,
    title: 'Request validation failed',
    status: 400,
    detail: errors.map((e) => `${e.field} ${e.message}`).join('; '),
    errors,
  };
}

// Fastify's own client errors (malformed JSON, body too large, wrong content type...).
export function clientErrorBody(error: FastifyError, status: number): ProblemBody {
  const slug = (error.code ?? 'bad-request')
    .replace(/^FST_ERR_/, '')
    .toLowerCase()
    .replace(/_/g, '-');
  // The status's own name (Payload Too Large, URI Too Long...), not one title for every refusal.
  return {
    type: PROBLEM_BASE + slug,
    title: STATUS_CODES[status] ?? 'Bad request',
    status,
    detail: error.message,
  };
}

export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  if ((body.status === 429 || body.status === 503) && typeof body.retryAfter === 'number') {
    reply.header('retry-after', String(body.retryAfter));
  }
  return reply.status(body.status).type('application/problem+json').send(body);
}

export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HttpProblem) return sendProblem(reply, error.toBody(request.url));
    if (error.validation) return sendProblem(reply, validationBody(error));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendProblem(reply, clientErrorBody(error, status));
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, {
      type: `${PROBLEM_BASE}internal`,
      title: 'Internal server error',
      status: 500,
      detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
    });
  });
}
