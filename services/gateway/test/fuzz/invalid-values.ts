// Values a schema must refuse. The services validate with Ajv's type coercion on (Fastify's
// default), so "wrong type" means a value no coercion can rescue: null, booleans and numbers turn
// into strings, a one-item array into its item, so those are never offered as wrong types here.
import fc from 'fast-check';
import { allowedValues, type JsonSchema, validSample } from './json-schema.js';

/** A broken value and the field the service should name for it (body.a.b, querystring.x). */
export interface Broken {
  value: unknown;
  field: string[];
  how: string;
}

const UNCOERCIBLE_FOR_SCALARS: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  {},
  { nested: { deeper: { deepest: {} } } },
  ['two', 'items'],
  [[1], [2]],
);

const NOT_UUIDS = [
  'not-a-uuid',
  '12345',
  '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4',
  '6f1c2d3e4a5b4c6d8e7f9a0b1c2d3e4fzz',
  // A URN PostgreSQL's uuid type cannot read.
  'urn:uuid:6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
];
const NOT_EMAILS = ['plainaddress', '@example.com', 'someone@', 'two words@example.com'];
const NOT_DATE_TIMES = [
  'yesterday',
  '2026-13-45T99:61:00Z',
  '2026-01-02',
  '1700000000',
  // Well-formed, but past what timestamptz (or a real time zone) takes.
  '2026-01-01T00:00:00+18:52',
  '0000-01-01T00:00:00Z',
];
// One past PostgreSQL's int8, and forms that are not a plain decimal.
const NOT_INT8S = ['9223372036854775808', '-1', '007'];
const ODD_STRINGS = [
  ' ',
  'UPPER Case',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'ünïcødé',
  "x' OR '1'='1",
  '{"$gt":""}',
];

function badFormat(format: string | undefined): string[] {
  if (format === 'uuid') return NOT_UUIDS;
  if (format === 'email') return NOT_EMAILS;
  if (format === 'date-time') return NOT_DATE_TIMES;
  if (format === 'int8') return NOT_INT8S;
  return [];
}

/** A string the schema would take by its length, but with a NUL character in it. */
function nulString(schema: JsonSchema): string {
  const length = Math.min(Math.max(schema.minLength ?? 0, 3), schema.maxLength ?? 3);
  return `a\u0000${'b'.repeat(Math.max(length - 2, 0))}`;
}

/** Strings the schema refuses (empty, over-long, off-pattern, off-enum, off-format, NUL), as text. */
export function invalidText(schema: JsonSchema): fc.Arbitrary<string>[] {
  const options: fc.Arbitrary<string>[] = [];
  const allowed = allowedValues(schema);
  if (allowed) {
    const known = new Set(allowed.map(String));
    options.push(
      fc
        .constantFrom(...allowed.map((v) => String(v).toUpperCase()), 'unknown', '*')
        .filter((s) => !known.has(s)),
      fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !known.has(s)),
    );
    return options;
  }
  const type = schema.type;
  if (type === 'integer' || type === 'number') {
    options.push(fc.constantFrom('abc', '12abc', 'NaN', '0x1G'));
    if (type === 'integer') options.push(fc.constantFrom('1.5', '0.0001', '-2.25'));
    if (schema.minimum !== undefined) {
      const min = schema.minimum;
      options.push(fc.integer({ min: 1, max: 1_000_000 }).map((d) => String(min - d)));
    }
    if (schema.maximum !== undefined) {
      const max = schema.maximum;
      options.push(fc.integer({ min: 1, max: 1_000_000 }).map((d) => String(max + d)));
      // Coercion reads these as Infinity and 1e26: refused only because of the maximum.
      options.push(fc.constantFrom('99999999999999999999999999', '1e400'));
    }
    return options;
  }
  if (type === 'boolean') return [fc.constantFrom('maybe', 'yes', '2', 'TRUE!')];
  const formats = badFormat(schema.format);
  if (formats.length > 0) options.push(fc.constantFrom(...formats));
  if (schema.maxLength !== undefined) {
    const max = schema.maxLength;
    options.push(fc.integer({ min: max + 1, max: max + 2_000 }).map((n) => 'x'.repeat(n)));
  }
  if ((schema.minLength ?? 0) > 0) options.push(fc.constant(''));
  // Any string: PostgreSQL text and jsonb refuse U+0000, so every string field must, whatever it is.
  options.push(fc.constant(nulString(schema)));
  if (schema.pattern) {
    // Off-pattern strings, without filters: a pattern that matches nearly everything (such as
    // "no NUL") would keep a filter drawing forever. A random string that happens to match is
    // replaced by one of the odd strings that does not, or by the NUL string.
    const pattern = new RegExp(schema.pattern, 'u');
    const offPattern = ODD_STRINGS.filter((s) => !pattern.test(s));
    const fallback = offPattern[0] ?? nulString(schema);
    if (offPattern.length > 0) options.push(fc.constantFrom(...offPattern));
    options.push(
      fc
        .string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
        .map((s) => (pattern.test(s) ? fallback : s)),
    );
  }
  return options;
}

/** Everything that breaks a JSON value against its schema, with the field it breaks. */
export function invalidJson(schema: JsonSchema, field: string[]): fc.Arbitrary<Broken>[] {
  const at = (how: string) => (value: unknown) => ({ value, field, how });
  const allowed = allowedValues(schema);
  if (allowed) {
    return [
      ...invalidText(schema).map((arb) => arb.map(at('not one of the allowed values'))),
      UNCOERCIBLE_FOR_SCALARS.map(at('wrong type')),
    ];
  }
  if (schema.anyOf) {
    // `X | null`: whatever breaks X (never null itself) breaks both branches.
    const branches = schema.anyOf.filter((branch) => branch.type !== 'null');
    if (branches.length === 1) return invalidJson(branches[0]!, field);
    // Otherwise no branch here is an object, so a nested object fits none.
    return [fc.constant({ nested: { deeper: {} } }).map(at('matches no anyOf branch'))];
  }
  switch (schema.type) {
    case 'object':
      return invalidObject(schema, field);
    case 'array':
      return invalidArray(schema, field);
    case 'integer':
    case 'number': {
      const options = invalidText(schema).map((arb) =>
        arb.map((text) => {
          // Out-of-range numbers travel as numbers; the rest as the odd strings they are.
          const asNumber = Number(text);
          return { value: /^-?\d+(\.\d+)?$/.test(text) ? asNumber : text, field, how: 'bad number' };
        }),
      );
      return [...options, UNCOERCIBLE_FOR_SCALARS.map(at('wrong type'))];
    }
    case 'boolean':
      return [
        fc.constantFrom<unknown>('maybe', 2, -1).map(at('not a boolean')),
        UNCOERCIBLE_FOR_SCALARS.map(at('wrong type')),
      ];
    case 'string':
      return [
        ...invalidText(schema).map((arb) => arb.map(at('bad string'))),
        UNCOERCIBLE_FOR_SCALARS.map(at('wrong type')),
      ];
    default:
      return [];
  }
}

function invalidObject(schema: JsonSchema, field: string[]): fc.Arbitrary<Broken>[] {
  const base = validSample(schema) as Record<string, unknown>;
  const properties = schema.properties ?? {};
  const options: fc.Arbitrary<Broken>[] = [
    fc.constantFrom<unknown>('an object expected', 42, ['not', 'an object']).map((value) => ({
      value,
      field,
      how: 'not an object',
    })),
  ];
  for (const name of schema.required ?? []) {
    const { [name]: _dropped, ...rest } = base;
    options.push(fc.constant({ value: rest, field: [...field, name], how: `missing ${name}` }));
  }
  if (schema.additionalProperties === false) {
    const extra = fc
      .constantFrom('isAdmin', 'role', 'unexpectedField', 'constructor')
      .filter((n) => !(n in properties));
    options.push(
      fc.tuple(extra, fc.jsonValue({ maxDepth: 3 })).map(([name, value]) => ({
        value: { ...base, [name]: value },
        field: [...field, name],
        how: `unknown property ${name}`,
      })),
    );
  }
  if ((schema.minProperties ?? 0) > 0)
    options.push(fc.constant({ value: {}, field, how: 'too few properties' }));
  for (const [name, property] of Object.entries(properties)) {
    for (const broken of invalidJson(property, [...field, name])) {
      options.push(broken.map((b) => ({ ...b, value: { ...base, [name]: b.value } })));
    }
  }
  return options;
}

function invalidArray(schema: JsonSchema, field: string[]): fc.Arbitrary<Broken>[] {
  const item = schema.items ?? {};
  const options: fc.Arbitrary<Broken>[] = [
    // A string would be wrapped into a one-item array by coercion; an object never is.
    fc.constant({ value: { not: 'an array' }, field, how: 'not an array' }),
  ];
  if ((schema.minItems ?? 0) > 0) options.push(fc.constant({ value: [], field, how: 'too few items' }));
  if (schema.maxItems !== undefined) {
    const many = Array.from({ length: schema.maxItems + 1 }, () => validSample(item));
    options.push(fc.constant({ value: many, field, how: 'too many items' }));
  }
  if ((schema.maxItems ?? 1) >= 1) {
    for (const broken of invalidJson(item, [...field, '0'])) {
      options.push(broken.map((b) => ({ ...b, value: [b.value] })));
    }
  }
  return options;
}
