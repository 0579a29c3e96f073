// POST /internal/batch: several service-to-service calls in one HTTP request. On a busy machine a
// request's fixed cost (the caller's HTTP client, the kernel's loopback TCP both ways, parsing)
// is a large share of a small internal call; a caller whose calls to this service overlap in time
// sends them together instead (see the order service's clients/http.ts).
//
// Each call runs through this service's own routes (app.inject), exactly as if it had come alone:
// the same validation, hooks, metrics and answer, status included. Only /internal/ routes may be
// called this way, so the batch opens nothing the service does not already serve to its callers.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problems } from '../problems.js';

export const INTERNAL_BATCH_PATH = '/internal/batch';
export const MAX_BATCH_CALLS = 100;

export const BatchCall = Type.Object(
  {
    method: Type.Union([Type.Literal('GET'), Type.Literal('POST'), Type.Literal('PUT')]),
    url: Type.String({ pattern: '^/internal/', maxLength: 2048 }),
    headers: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 1000 }))),
    body: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type BatchCall = Static<typeof BatchCall>;

/** One answer per call, in the calls' order: its status and its JSON body (null when empty). */
export interface BatchAnswer {
  status: number;
  body: unknown;
}

// Headers a call may not set: the batch's own transport decides them.
const TRANSPORT_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'host']);

export function registerInternalBatch(app: FastifyInstance): void {
  app.post(
    INTERNAL_BATCH_PATH,
    {
      schema: {
        summary: 'Several internal calls in one request; one answer per call, in order',
        body: Type.Object(
          { calls: Type.Array(BatchCall, { minItems: 1, maxItems: MAX_BATCH_CALLS }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { calls } = request.body as { calls: BatchCall[] };
      if (calls.some((call) => call.url.startsWith(INTERNAL_BATCH_PATH))) {
        throw problems.validation([{ field: 'body.calls', message: 'must not contain a batch' }]);
      }
      const answers = await Promise.all(
        calls.map(async (call) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(call.headers ?? {})) {
            if (!TRANSPORT_HEADERS.has(name.toLowerCase())) headers[name] = value;
          }
          if (call.body !== undefined) headers['content-type'] = 'application/json';
          const answer = await app.inject({
            method: call.method,
            url: call.url,
            headers,
            ...(call.body !== undefined ? { payload: JSON.stringify(call.body) } : {}),
          });
          // A JSON answer is spliced in as it is, not parsed and encoded again.
          const json = String(answer.headers['content-type'] ?? '').includes('json');
          const body = answer.body === '' ? 'null' : json ? answer.body : JSON.stringify(answer.body);
          return `{"status":${answer.statusCode},"body":${body}}`;
        }),
      );
      return reply.type('application/json').send(`[${answers.join(',')}]`);
    },
  );
}
