// One OpenAPI document for the public API, assembled from each service's own /openapi.json
// (generated there from route schemas): only paths the gateway exposes, under /api/v1, with the
// gateway's access rule on each operation (an operation of a public route keeps the `security` its
// service declares: /orders is public, its history is not) and the refusals the gateway itself adds. Fetched on first use and reused for a while.
import { API_PREFIX, routeForServicePath, type UpstreamName } from '../routes/route-table.js';
import { getJson } from '../upstreams/upstream-client.js';
import type { Upstreams } from '../upstreams/upstreams.js';
import { withGatewayRefusals } from './gateway-refusals.js';

interface OpenApiDocument {
  paths?: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, unknown> };
}

const OPERATIONS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

/** The paths of one service's document that the gateway exposes, keyed by their public path. */
function publicPathsOf(name: UpstreamName, doc: OpenApiDocument): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const route = routeForServicePath(path);
    if (!route || route.upstream !== name || path.startsWith('/internal')) continue;
    const operations: Record<string, unknown> = {};
    for (const [method, operation] of Object.entries(item)) {
      operations[method] = OPERATIONS.has(method)
        ? {
            tags: [name],
            ...withGatewayRefusals(operation, route.access),
            ...(route.access === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
            'x-access': route.access,
          }
        : operation;
    }
    paths[API_PREFIX + path] = operations;
  }
  return paths;
}

export interface OpenApiAggregator {
  document(requestId: string): Promise<object>;
}

export function createOpenApiAggregator(upstreams: Upstreams, cacheMs: number): OpenApiAggregator {
  const cached = new Map<UpstreamName, { doc: OpenApiDocument; at: number }>();
  const inFlight = new Map<UpstreamName, Promise<OpenApiDocument>>();

  const fetchDoc = (name: UpstreamName, requestId: string): Promise<OpenApiDocument> => {
    const hit = cached.get(name);
    if (hit && Date.now() - hit.at < cacheMs) return Promise.resolve(hit.doc);
    let pending = inFlight.get(name);
    if (!pending) {
      pending = getJson<OpenApiDocument>(upstreams[name], '/openapi.json', { requestId })
        .then((doc) => {
          cached.set(name, { doc, at: Date.now() });
          return doc;
        })
        .finally(() => inFlight.delete(name));
      inFlight.set(name, pending);
    }
    // A service that is down right now keeps its last known document rather than vanishing.
    return hit ? pending.catch(() => hit.doc) : pending;
  };

  return {
    async document(requestId) {
      const names = Object.keys(upstreams) as UpstreamName[];
      const docs = await Promise.all(names.map((name) => fetchDoc(name, requestId).catch(() => undefined)));
      const paths: Record<string, Record<string, unknown>> = {};
      const schemas: Record<string, unknown> = {};
      const unavailable: string[] = [];
      for (const [index, name] of names.entries()) {
        const doc = docs[index];
        if (!doc) {
          unavailable.push(name);
          continue;
        }
        Object.assign(paths, publicPathsOf(name, doc));
        // Shared contract schemas carry the same $id in every service; the first copy wins.
        for (const [schemaName, schema] of Object.entries(doc.components?.schemas ?? {})) {
          schemas[schemaName] ??= schema;
        }
      }
      return {
        openapi: '3.1.0',
        info: {
          title: 'Emporium public API',
          version: '1',
          description: 'REST API served by the gateway under /api/v1; GraphQL is at /graphql.',
        },
        paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
        components: {
          schemas,
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
        ...(unavailable.length > 0 ? { 'x-unavailable-services': unavailable } : {}),
      };
    },
  };
}
