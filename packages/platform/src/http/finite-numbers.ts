// Ajv coerces a query, path or body string such as "1e400" or "Infinity" to Infinity, and checks
// minimum and maximum only on finite numbers, so an Infinity passed validation as a "valid"
// integer and reached handlers and databases (a 500, or a filter that silently matched nothing).
// No field of this API takes a non-finite number: one is refused wherever it appears, by name.
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { problems } from '../problems.js';

// Only parsed data is walked: a body passed through unparsed (the gateway streams them on) is a
// stream or buffer, with internals and cycles that are no one's input.
const isParsed = (value: object) => !(value instanceof EventEmitter) && !ArrayBuffer.isView(value);

/** The dotted path of the first non-finite number in `value`, if there is one. */
export function nonFiniteAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (value === null || typeof value !== 'object' || !isParsed(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFiniteAt(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

export function refuseNonFiniteNumbers(app: FastifyInstance): void {
  // After validation, which is where the coercion happens; callback style costs no promise.
  app.addHook('preHandler', (request, _reply, done) => {
    const field =
      nonFiniteAt(request.params, 'params') ??
      nonFiniteAt(request.query, 'querystring') ??
      nonFiniteAt(request.body, 'body');
    if (!field) return done();
    done(
      problems.validation(
        [{ field, message: 'must be a finite number' }],
        `${field} must be a finite number`,
      ),
    );
  });
}
