// The gateway is the one service the internet reaches. Its /metrics (per-route traffic and
// latency, upstream failures, rate-limit refusals) would show anyone how the shop is doing and
// where it hurts, so on the public port only an admin reads them. Prometheus scrapes the metrics
// port instead (METRICS_PORT), where the service port's /metrics is a 404 (platform metrics.ts).
import type { FastifyInstance } from 'fastify';
import { settle } from '../hooks/maybe-async.js';
import { requireAccess } from './identity.js';
import type { RememberingVerifier } from './verified-token-cache.js';

export function restrictMetricsToAdmins(app: FastifyInstance, verifier: RememberingVerifier): void {
  const adminOnly = requireAccess(verifier, 'admin');
  // Callback style: an async hook would cost a promise on every request, not only on /metrics.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.routeOptions.url !== '/metrics') {
      done();
      return;
    }
    settle(() => adminOnly(request), done);
  });
}
