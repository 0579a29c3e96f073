// What a request no route takes for its method is answered: 405 with an Allow header when the
// path exists under other methods (the client got the method wrong, not the address), 404
// otherwise; both as problems.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { HttpProblem } from '../problems.js';

const PARAMETRIC = /[:*]/;
const CATCH_ALL = new Set(['*', '/*']);

export function registerRouteNotFound(app: FastifyInstance): void {
  // A second router holding the same paths, asked only on a miss: Fastify's own one answers
  // "which handler for this method" but not "which methods for this path".
  const paths = FindMyWay();
  const methods = new Set<HTTPMethod>();
  // Literal paths and their methods: /cart/merge (POST) beside /cart/:cartId (GET).
  const literal = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    // A catch-all (the CORS preflight's OPTIONS *, a web app's fallback) says nothing about
    // whether a path exists.
    if (CATCH_ALL.has(route.url)) return;
    for (const method of [route.method].flat() as HTTPMethod[]) {
      methods.add(method);
      paths.on(method, route.url, () => {});
      if (!PARAMETRIC.test(route.url))
        literal.set(route.url, (literal.get(route.url) ?? new Set()).add(method));
    }
  });

  const refusal = (request: FastifyRequest, reply: FastifyReply, allowed: string[]): HttpProblem => {
    const path = pathOf(request);
    if (allowed.length === 0) {
      return new HttpProblem(404, 'route-not-found', 'Not found', `No route for ${request.method} ${path}.`);
    }
    reply.header('allow', allowed.join(', '));
    return new HttpProblem(
      405,
      'method-not-allowed',
      'Method not allowed',
      `${path} does not take ${request.method}; it takes ${allowed.join(', ')}.`,
    );
  };
  const methodsOf = (path: string) =>
    [...methods].filter((method) => paths.find(method, path) !== null).sort();

  // Answered before the body is read: a QUERY or a POST to a path that takes neither would
  // otherwise be refused for its content type, and a body-validating route's 400 would hide that
  // a literal path (GET /cart/merge, caught by GET /cart/:cartId) does not take this method at all.
  app.addHook('preParsing', (request, reply, payload, done) => {
    if (request.is404) return done(refusal(request, reply, methodsOf(pathOf(request))), payload);
    const pattern = request.routeOptions.url;
    const shadowed = pattern && PARAMETRIC.test(pattern) ? literal.get(pathOf(request)) : undefined;
    if (shadowed) return done(refusal(request, reply, [...shadowed].sort()), payload);
    done(null, payload);
  });
  // For whatever reaches the fallback without the hook (Fastify runs it for 404s too).
  app.setNotFoundHandler(async (request, reply) => {
    throw refusal(request, reply, methodsOf(pathOf(request)));
  });
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}
