// Ajv coerces a query, path or body string such as "1e400" or "Infinity" to Infinity, and checks
// minimum and maximum only on finite numbers, so an Infinity passed validation as a "valid"
// integer and reached handlers and databases (a 500, or a filter that silently matched nothing).
// No field of this API takes a non-finite number: one is refused wherever it appears, by name.
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { problems } from '../problems.js';

/** The dotted path of the first non-finite number in `value`, if there is one. */
export function nonFiniteAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFiniteAt(item, `${path}.${key}`);
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

export function refuseNonFiniteNumbers(app: FastifyInstance): void {
  // Only routes with a schema, and only the parts it validates: the rest were never coerced, and a
  // body passed through unparsed (the gateway's) is a stream whose internals are no one's input.
  app.addHook('onRoute', (route) => {
    const parts = (Object.keys(PARTS) as (keyof typeof PARTS)[]).filter((part) => route.schema?.[part]);
    if (parts.length === 0) return;
    // Callback style costs no promise; first, as validation's own refusals come before the handler's.
    const check: preHandlerHookHandler = (request, _reply, done) => {
      for (const part of parts) {
        const field = nonFiniteAt(PARTS[part](request), part);
        if (field) {
          return done(
            problems.validation(
              [{ field, message: 'must be a finite number' }],
              `${field} must be a finite number`,
            ),
          );
        }
      }
      done();
    };
    const existing = route.preHandler ?? [];
    route.preHandler = [check, ...(Array.isArray(existing) ? existing : [existing])];
  });
}
