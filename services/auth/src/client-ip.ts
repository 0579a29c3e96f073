// The client address for per-IP limits. Behind the gateway every request comes from the gateway,
// so X-Forwarded-For is believed, but only when the direct peer is a trusted proxy; the rightmost
// address not belonging to a trusted proxy is the client (earlier entries are the client's to forge).
import type { FastifyRequest } from 'fastify';

export function clientIpResolver(trustedProxies: string): (request: FastifyRequest) => string {
  const trusted = new Set(
    trustedProxies
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );
  return (request) => {
    const peer = request.socket.remoteAddress ?? 'unknown';
    const forwarded = request.headers['x-forwarded-for'];
    if (!trusted.has(peer) || typeof forwarded !== 'string') return peer;
    const hops = forwarded
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      if (!trusted.has(hops[i]!)) return hops[i]!;
    }
    return peer;
  };
}
