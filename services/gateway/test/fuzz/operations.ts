// The operations of the aggregated OpenAPI document, with the inputs a fuzzer can malform.
import { type JsonSchema, resolveRefs } from './json-schema.js';

export interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** `METHOD /api/v1/path/{param}`, as the document names it. */
  key: string;
  method: string;
  path: string;
  access: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** Header parameters; the fuzzer sends the required ones valid, so they never hide the break. */
  headerParams: Parameter[];
  body?: JsonSchema;
}

interface OpenApiOperation {
  'x-access'?: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const components = doc.components?.schemas ?? {};
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const params = (where: string) =>
        (op.parameters ?? [])
          .filter((p) => p.in === where)
          .map((p) => ({
            name: p.name,
            required: p.required === true,
            schema: resolveRefs(p.schema ?? {}, components),
          }));
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        access: op['x-access'] ?? 'unknown',
        pathParams: params('path'),
        queryParams: params('query'),
        headerParams: params('header'),
        ...(bodySchema ? { body: resolveRefs(bodySchema, components) } : {}),
      });
    }
  }
  return operations;
}

/** True when the operation reads anything a caller controls besides headers. */
export function takesInput(op: Operation): boolean {
  return op.body !== undefined || op.pathParams.length > 0 || op.queryParams.length > 0;
}
