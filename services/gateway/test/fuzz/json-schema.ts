// The part of JSON Schema the services' route schemas use, and a valid sample of each schema: the
// fuzzer breaks one thing in an otherwise valid request, so the error is the one it caused.
import fc from 'fast-check';

export interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

const FORMAT_SAMPLES: Record<string, string> = {
  uuid: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  email: 'fuzz.sample@example.com',
  'date-time': '2026-01-02T03:04:05Z',
};

/** The values an enum-like schema allows: `enum`, `const`, or an anyOf of those. */
export function allowedValues(schema: JsonSchema): unknown[] | undefined {
  if (schema.enum) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  if (!schema.anyOf) return undefined;
  const branches = schema.anyOf.map(allowedValues);
  return branches.every((values) => values !== undefined) ? branches.flat() : undefined;
}

function sampleString(schema: JsonSchema): string {
  if (schema.format && FORMAT_SAMPLES[schema.format]) return FORMAT_SAMPLES[schema.format]!;
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, 16);
  if (!schema.pattern) return 'a'.repeat(Math.max(min, Math.min(max, 8)));
  // A fixed seed: the same schema always gets the same sample. Candidates are drawn and the first
  // of a readable length taken, without a filter: a pattern whose matches are all shorter or
  // longer (a one-character code) would keep a filter drawing forever.
  const candidates = fc.sample(fc.stringMatching(new RegExp(schema.pattern, 'u')), {
    numRuns: 100,
    seed: 42,
  });
  const fits = (s: string) => s.length >= min && s.length <= max;
  return (
    candidates.find((s) => fits(s) && s.length >= 2 && s.length <= 24) ??
    candidates.find(fits) ??
    candidates[0]!
  );
}

/** A value the schema accepts: required properties only, unless minProperties asks for more. */
export function validSample(schema: JsonSchema): unknown {
  const allowed = allowedValues(schema);
  if (allowed) return allowed[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.anyOf) return validSample(schema.anyOf.find((branch) => branch.type !== 'null')!);
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const names = [...(schema.required ?? [])];
      for (const name of Object.keys(properties)) {
        if (names.length >= (schema.minProperties ?? 0)) break;
        if (!names.includes(name)) names.push(name);
      }
      return Object.fromEntries(names.map((name) => [name, validSample(properties[name] ?? {})]));
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => validSample(schema.items ?? {}));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return sampleString(schema);
    default:
      return 'sample';
  }
}

/** Follows `#/components/schemas/…` references against the document's components. */
export function resolveRefs(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolveRefs(components[name] ?? {}, components);
  }
  const resolved: JsonSchema = { ...schema };
  if (schema.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, value]) => [name, resolveRefs(value, components)]),
    );
  }
  if (schema.items) resolved.items = resolveRefs(schema.items, components);
  if (schema.anyOf) resolved.anyOf = schema.anyOf.map((branch) => resolveRefs(branch, components));
  return resolved;
}
