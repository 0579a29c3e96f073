// Every refusal a route can answer is in the served OpenAPI document, as application/problem+json.
// The ones the platform itself produces are added here to every operation they apply to, so no route
// can forget them: 400 where a request part is validated or a body is parsed, 413 and 415 where a
// body is taken, 401 and 403 behind a role guard (401 for a bad token where one is only read), 404
// and 414 where the path names a resource, 431 and 503 everywhere (headers too large for the HTTP
// parser; a closing service refusing new requests).
// A route declares its own outcomes (a 403 of ownership, 404 of a body-named item, 409, 422, 429)
// in its response schema, with `refusals(…)` or ProblemDetails; those are moved here to the problem
// media type they are served with.
import { ProblemDetails } from '@emporium/contracts/problem';
import { guardKindOf } from '../auth/authenticate.js';
import { parametersWithDefaultsOptional } from './documented-defaults.js';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** RFC 9457 problem details as this platform sends them: the shape packages/contracts defines. */
export const problemSchema = ProblemDetails;

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request: a field is invalid (`errors` names it), or the body is not well-formed',
  401: 'No valid access token',
  402: 'Payment declined',
  403: 'The token lacks the role this needs',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflicts with the current state (`detail` says with what)',
  413: 'Body too large',
  414: 'A path parameter is too long',
  415: 'Unsupported content type',
  422: 'Well-formed but not acceptable',
  431: 'Request line and headers too large',
  429: 'Too many requests (see Retry-After)',
  502: 'An upstream service answered badly',
  503: 'Unavailable for now; retry later',
  504: 'An upstream service did not answer in time',
};

/** A problem+json response as the generated document writes it (Fastify response-schema form). */
export function problemResponse(status: number, schema: object = problemSchema) {
  const { description, ...rest } = schema as { description?: string };
  return {
    description: description ?? DESCRIPTIONS[status] ?? 'Problem',
    content: { [PROBLEM_MEDIA_TYPE]: { schema: rest } },
  };
}

/**
 * A route's own refusals for its response schema: `response: { 200: Cart, ...refusals(409, 422) }`.
 * Served through the problem schema, whose open extensions keep every field of the problem.
 */
export function refusals(...statuses: number[]): Record<number, typeof problemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, problemSchema]));
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const INPUT_PARTS = ['params', 'querystring', 'body', 'headers'] as const;

interface DocumentedRoute {
  method: string | string[];
  url: string;
  preHandler?: unknown;
}

type Security = { [scheme: string]: readonly string[] }[];
type RouteSchema = Record<string, unknown> & { response?: Record<string, unknown>; security?: Security };

function problemStatusesOf(route: DocumentedRoute, schema: RouteSchema): number[] {
  const methods = [route.method].flat();
  const guards = [route.preHandler].flat().map(guardKindOf);
  const takesBody = Boolean(schema.body) || methods.some((method) => BODY_METHODS.has(method));
  return [
    ...(takesBody || INPUT_PARTS.some((part) => schema[part]) ? [400] : []),
    ...(guards.includes('required') ? [401, 403] : guards.includes('optional') ? [401] : []),
    ...(route.url.includes(':') ? [404] : []),
    ...(takesBody ? [413] : []),
    // The router refuses an over-long path parameter before any schema sees it.
    ...(route.url.includes(':') ? [414] : []),
    ...(takesBody ? [415] : []),
    431,
    503,
  ];
}

/**
 * @fastify/swagger's `transform`: the route's schema as documented (refusals added, defaulted
 * parameters optional), never as served.
 */
export function documentProblems({ schema, url, route }: { schema?: unknown; url: string; route: unknown }) {
  const routeSchema = (schema ?? {}) as RouteSchema;
  const documented = route as DocumentedRoute;
  const response: Record<string, unknown> = {};
  for (const [status, entry] of Object.entries(routeSchema.response ?? {})) {
    response[status] = Number(status) >= 400 ? problemResponse(Number(status), entry as object) : entry;
  }
  // Without any success schema the document would list only refusals.
  if (!Object.keys(response).some((status) => Number(status) < 400)) response[200] = {};
  for (const status of problemStatusesOf(documented, routeSchema)) {
    response[status] ??= problemResponse(status);
  }
  const guards = [documented.preHandler].flat().map(guardKindOf);
  const security: Security | undefined =
    routeSchema.security ??
    (guards.includes('required')
      ? [{ bearerAuth: [] }]
      : guards.includes('optional')
        ? [{}, { bearerAuth: [] }]
        : undefined);
  const documentedSchema = parametersWithDefaultsOptional(routeSchema);
  return { schema: { ...documentedSchema, response, ...(security ? { security } : {}) }, url };
}
