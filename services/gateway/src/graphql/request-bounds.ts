// Mercurius declares its routes' strings (the query, operationName, stringified variables) without
// a length, and the platform refuses to start a route that takes unbounded strings. The GraphQL
// routes get their bounds here, on copies of mercurius's schemas, which its instances share.
import type { FastifyInstance } from 'fastify';

/** Far above any query the storefront sends; the cost and depth limits judge what is inside. */
export const MAX_GRAPHQL_TEXT = 100_000;

function withStringBounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withStringBounds);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, withStringBounds(value)]),
  ) as Record<string, unknown>;
  const types = [copy.type].flat();
  if (types.includes('string') && typeof copy.maxLength !== 'number') copy.maxLength = MAX_GRAPHQL_TEXT;
  return copy;
}

/** Bounds the strings of the routes registered in `scope` from now on. */
export function boundGraphQLRequests(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (!schema) return;
    route.schema = {
      ...schema,
      ...(schema.querystring ? { querystring: withStringBounds(schema.querystring) } : {}),
      ...(schema.body ? { body: withStringBounds(schema.body) } : {}),
    };
  });
}
