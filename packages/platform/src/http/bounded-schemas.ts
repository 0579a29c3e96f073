// Every value a request may carry has a bound in its route's schema: a string a maximum length (an
// over-long one fails an index entry or fills a column), a number a minimum and a maximum (one past
// int4/int8 or past 2^53 fails its statement or loses digits). Checked when the app gets ready, so a
// service with an unbounded route does not start, and its tests fail, before any request arrives;
// ready and not when each route is added, so a plugin's own routes can be bounded by a hook of the
// scope that registers the plugin.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { databaseSafeFormats } from '../formats.js';

type JsonSchema = Record<string, unknown>;

// Schemas under these keywords describe values of the request (the rest are annotations).
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SUBSCHEMA_MAPS = ['properties', 'patternProperties'] as const;

function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((item): item is string => typeof item === 'string') : [];
}

function isBoundedByValue(schema: JsonSchema): boolean {
  return 'const' in schema || Array.isArray(schema.enum);
}

// A pattern anchored at both ends, with no alternative (|), whose every repetition has an upper
// bound (no *, + or {n,}) admits strings of a bounded length only, e.g. ^[A-Z]{3}$.
function isBoundedPattern(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  const unescaped = pattern.replace(/\\./g, '_');
  if (!unescaped.startsWith('^') || !unescaped.endsWith('$') || unescaped.includes('|')) return false;
  return !/[*+]|\{\d+,\}/.test(unescaped);
}

function isBoundedString(schema: JsonSchema): boolean {
  if (isBoundedByValue(schema) || typeof schema.maxLength === 'number') return true;
  if (isBoundedPattern(schema.pattern)) return true;
  // These formats admit strings of a fixed, short length only.
  return typeof schema.format === 'string' && schema.format in databaseSafeFormats;
}

function isBoundedNumber(schema: JsonSchema): boolean {
  if (isBoundedByValue(schema)) return true;
  const low = typeof schema.minimum === 'number' || typeof schema.exclusiveMinimum === 'number';
  const high = typeof schema.maximum === 'number' || typeof schema.exclusiveMaximum === 'number';
  return low && high;
}

/** Dotted paths of the strings and numbers `schema` admits without a bound. */
export function unboundedFields(schema: unknown, path: string): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as JsonSchema;
  const found: string[] = [];
  const types = typesOf(node);
  if (types.includes('string') && !isBoundedString(node)) found.push(`${path} (string without maxLength)`);
  if ((types.includes('number') || types.includes('integer')) && !isBoundedNumber(node)) {
    found.push(`${path} (number without minimum and maximum)`);
  }
  for (const key of SUBSCHEMA_MAPS) {
    const map = node[key];
    if (map && typeof map === 'object') {
      for (const [name, child] of Object.entries(map))
        found.push(...unboundedFields(child, `${path}.${name}`));
    }
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) for (const child of list) found.push(...unboundedFields(child, path));
  }
  if (node.items && typeof node.items === 'object') found.push(...unboundedFields(node.items, `${path}[]`));
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    found.push(...unboundedFields(node.additionalProperties, `${path}.*`));
  }
  return found;
}

const PARTS = ['params', 'querystring', 'body', 'headers'] as const;

export function requireBoundedRequestSchemas(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', (done) => {
    const problems = routes.flatMap((route) => {
      const found = PARTS.flatMap((part) => unboundedFields(route.schema?.[part], part));
      return found.length > 0 ? [`${route.method} ${route.url}: ${found.join(', ')}`] : [];
    });
    routes.length = 0;
    done(problems.length > 0 ? new Error(`routes take unbounded values: ${problems.join('; ')}`) : undefined);
  });
}
