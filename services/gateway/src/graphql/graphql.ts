// GraphQL at /graphql (Mercurius): depth and cost limits, the same per-user/per-IP rate limit as
// REST (and its checkout quota for placeOrder), GraphiQL only in development and introspection
// everywhere but production.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import mercurius from 'mercurius';
import { requireAccess } from '../access/identity.js';
import type { RememberingVerifier } from '../access/verified-token-cache.js';
import { settle } from '../hooks/maybe-async.js';
import { type Limiter, limiterHook } from '../limits/rate-limits.js';
import type { UpstreamCall } from '../upstreams/upstream-client.js';
import type { Upstreams } from '../upstreams/upstreams.js';
import { buildContext } from './context.js';
import { costLimit } from './cost-limit.js';
import { introspectionRules } from './introspection.js';
import { boundGraphQLRequests } from './request-bounds.js';
import { resolvers } from './resolvers.js';
import { schema } from './schema.js';

export interface GraphQLOptions {
  upstreams: Upstreams;
  verifier: RememberingVerifier;
  rateLimit: Limiter;
  /** The checkout quota of `POST /orders`, which placeOrder counts against too. */
  countOrderPlacement(request: FastifyRequest): Promise<void>;
  maxDepth: number;
  maxCost: number;
  graphiql: boolean;
  /** `__schema`/`__type` answered; off in production. */
  introspection: boolean;
  hooks?: UpstreamCall;
  /** The shared secret the product service's /internal/variants wants (INTERNAL_TOKEN). */
  internalToken?: string;
}

export async function registerGraphQL(app: FastifyInstance, options: GraphQLOptions): Promise<void> {
  await app.register(async (scope) => {
    // Reads the token (if any) before the rate limit, so signed-in callers count per user.
    const readToken = requireAccess(options.verifier, 'public');
    scope.addHook('onRequest', (request, _reply, done) => settle(() => readToken(request), done));
    scope.addHook('onRequest', limiterHook(options.rateLimit));
    boundGraphQLRequests(scope);
    await scope.register(mercurius, {
      schema,
      resolvers,
      path: '/graphql',
      graphiql: options.graphiql,
      queryDepth: options.maxDepth,
      validationRules: [costLimit(options.maxCost), ...introspectionRules(options.introspection)],
      context: (request) => buildContext(request, options),
    });
  });
}
