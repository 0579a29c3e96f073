// Values a request may carry that no database column takes, refused wherever they appear, by name:
// - Ajv coerces a query, path or body string such as "1e400" or "Infinity" to Infinity, and checks
//   minimum and maximum only on finite numbers, so an Infinity passed validation as a "valid"
//   integer and reached handlers and databases (a 500, or a filter that silently matched nothing).
// - PostgreSQL text and jsonb cannot hold U+0000: a NUL in any string (or object key) failed the
//   statement it reached, after the request had passed validation.
// No field of this API takes either, so one generic walk over the validated parts refuses both.
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { FieldError } from '../problems.js';
import { problems } from '../problems.js';

const NUL = '\u0000';

/** The first value in `value` no database stores, with its dotted path, if there is one. */
export function unstorableAt(value: unknown, path: string): FieldError | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : { field: path, message: 'must be a finite number' };
  }
  if (typeof value === 'string') {
    return value.includes(NUL) ? { field: path, message: 'must not contain a NUL character' } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes(NUL)) return { field: path, message: 'must not have a field name with a NUL character' };
    const found = unstorableAt(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

// The request parts a route's schema validates (and so coerces), by their names in problems.
const PARTS = {
  params: (request: FastifyRequest) => request.params,
  querystring: (request: FastifyRequest) => request.query,
  body: (request: FastifyRequest) => request.body,
} as const;

export function refuseUnstorableValues(app: FastifyInstance): void {
  // Only routes with a schema, and only the parts it validates: the rest were never coerced, and a
  // body passed through unparsed (the gateway's) is a stream whose internals are no one's input.
  app.addHook('onRoute', (route) => {
    const parts = (Object.keys(PARTS) as (keyof typeof PARTS)[]).filter((part) => route.schema?.[part]);
    if (parts.length === 0) return;
    // Callback style costs no promise; first, as validation's own refusals come before the handler's.
    const check: preHandlerHookHandler = (request, _reply, done) => {
      for (const part of parts) {
        const error = unstorableAt(PARTS[part](request), part);
        if (error) return done(problems.validation([error], `${error.field} ${error.message}`));
      }
      done();
    };
    const existing = route.preHandler ?? [];
    route.preHandler = [check, ...(Array.isArray(existing) ? existing : [existing])];
  });
}
