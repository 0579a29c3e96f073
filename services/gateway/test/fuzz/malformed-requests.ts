// Requests that break at least one rule of their operation, built from its OpenAPI schema: every
// other input is valid (real ids where the test has them), so whatever the service answers is
// about the one thing broken, and no request here may ever be accepted.
import fc from 'fast-check';
import { invalidJson, invalidText } from './invalid-values.js';
import { validSample } from './json-schema.js';
import type { Operation, Parameter } from './operations.js';

export interface MalformedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** What was broken, e.g. `body.shippingAddress.country: bad string`. */
  broken: string;
  /** The field a validation answer must name; undefined when the break is not about one field. */
  field?: string;
}

/** Real values for path parameters, by operation path and parameter name (an existing cart…). */
export type RealPathValue = (path: string, param: string) => string | undefined;

const MALFORMED_JSON = [
  '{',
  '{"a":}',
  '[1, 2',
  'nul',
  "{'single': 'quotes'}",
  '{"a": 1}}',
  '\u0000',
  '{"a": NaN}',
];
const JSON_TYPE = 'application/json';

// Values the router would read as another route ("", ".", "..") get an off-pattern tail instead
// (a filter would spin forever on an option that only yields "").
const pathSafe = (value: string) => (['', '.', '..'].includes(value) ? `${value} ~` : value);

function urlOf(op: Operation, pathValues: Record<string, string>, query: [string, string][]): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathValues[name]!));
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

function baseQuery(op: Operation): [string, string][] {
  return op.queryParams
    .filter((p) => p.required && p.schema.default === undefined)
    .map((p) => [p.name, String(validSample(p.schema))]);
}

export function malformedRequests(
  op: Operation,
  realPathValue: RealPathValue,
): fc.Arbitrary<MalformedRequest> {
  const pathValues = Object.fromEntries(
    op.pathParams.map((p) => [p.name, realPathValue(op.path, p.name) ?? String(validSample(p.schema))]),
  );
  const validBody = op.body ? JSON.stringify(validSample(op.body)) : undefined;
  const requiredHeaders = Object.fromEntries(
    op.headerParams.filter((p) => p.required).map((p) => [p.name, String(validSample(p.schema))]),
  );
  const request = (
    broken: string,
    field: string | undefined,
    overrides: { path?: Record<string, string>; query?: [string, string][]; payload?: string; type?: string },
  ): MalformedRequest => {
    const payload = 'payload' in overrides ? overrides.payload : validBody;
    return {
      method: op.method,
      url: urlOf(op, { ...pathValues, ...overrides.path }, overrides.query ?? baseQuery(op)),
      headers: {
        ...requiredHeaders,
        ...(payload === undefined ? {} : { 'content-type': overrides.type ?? JSON_TYPE }),
      },
      ...(payload === undefined ? {} : { payload }),
      broken,
      ...(field ? { field } : {}),
    };
  };

  const options: fc.Arbitrary<MalformedRequest>[] = [];
  if (op.body) {
    for (const broken of invalidJson(op.body, ['body'])) {
      options.push(
        broken.map((b) =>
          request(`${b.field.join('.')}: ${b.how}`, b.field.join('.'), { payload: JSON.stringify(b.value) }),
        ),
      );
    }
    // A JSON body sent as text arrives as a string, which is not the object the schema wants.
    options.push(fc.constant(request('body sent as text/plain', 'body', { type: 'text/plain' })));
    options.push(
      fc.constant(request('body sent as application/xml', undefined, { type: 'application/xml' })),
    );
    options.push(fc.constant(request('empty JSON body', undefined, { payload: '' })));
  }
  // Any operation that reads a body must refuse one that is not JSON at all, before its handler runs.
  if (op.body || op.method !== 'GET') {
    options.push(
      fc
        .constantFrom(...MALFORMED_JSON)
        .map((payload) => request(`malformed JSON ${JSON.stringify(payload)}`, undefined, { payload })),
    );
  }
  for (const param of op.pathParams) {
    for (const text of invalidText(param.schema)) {
      options.push(
        text.map(pathSafe).map((value) =>
          request(`params.${param.name}=${JSON.stringify(value.slice(0, 80))}`, `params.${param.name}`, {
            path: { [param.name]: value },
          }),
        ),
      );
    }
  }
  for (const param of op.queryParams) options.push(...brokenQuery(op, param, request));
  return fc.oneof(...options);
}

type RequestBuilder = (
  broken: string,
  field: string | undefined,
  overrides: { query?: [string, string][] },
) => MalformedRequest;

function brokenQuery(
  op: Operation,
  param: Parameter,
  request: RequestBuilder,
): fc.Arbitrary<MalformedRequest>[] {
  const others = baseQuery(op).filter(([name]) => name !== param.name);
  const field = `querystring.${param.name}`;
  // No unknown parameter rides along: some services refuse those too, which would hide whether
  // the broken one was noticed.
  const options = invalidText(param.schema).map((text) =>
    text.map((value) =>
      request(`${field}=${JSON.stringify(value.slice(0, 80))}`, field, {
        query: [...others, [param.name, value]],
      }),
    ),
  );
  // A repeated parameter arrives as a list of two, which no scalar schema accepts.
  const sample = String(validSample(param.schema));
  options.push(
    fc.constant(
      request(`${field} given twice`, field, {
        query: [...others, [param.name, sample], [param.name, sample]],
      }),
    ),
  );
  if (param.required && param.schema.default === undefined) {
    options.push(fc.constant(request(`${field} missing`, field, { query: others })));
  }
  return options;
}
