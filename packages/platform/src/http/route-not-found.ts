// What a request no route takes is answered: 405 with an Allow header when the path exists under
// other methods (the client got the method wrong, not the address), 404 otherwise; both as problems.
import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { PROBLEM_BASE } from '../problems.js';
import { sendProblem } from './problem-handler.js';

export function registerRouteNotFound(app: FastifyInstance): void {
  // A second router holding the same paths, asked only on a miss: Fastify's own one answers
  // "which handler for this method" but not "which methods for this path".
  const paths = FindMyWay();
  const methods = new Set<HTTPMethod>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat() as HTTPMethod[]) {
      methods.add(method);
      paths.on(method, route.url, () => {});
    }
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = [...methods].filter((method) => paths.find(method, path) !== null).sort();
    if (allowed.length > 0) {
      return sendProblem(reply.header('allow', allowed.join(', ')), {
        type: `${PROBLEM_BASE}method-not-allowed`,
        title: 'Method not allowed',
        status: 405,
        detail: `${path} does not take ${request.method}; it takes ${allowed.join(', ')}.`,
      });
    }
    return sendProblem(reply, {
      type: `${PROBLEM_BASE}route-not-found`,
      title: 'Not found',
      status: 404,
      detail: `No route for ${request.method} ${path}.`,
    });
  });
}
