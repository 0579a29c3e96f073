// Header hygiene at the edge. Toward a service: hop-by-hop headers and anything a client could use to
// impersonate gateway-set context are dropped, then the request id, trace context, client address
// and verified identity are set by the gateway itself. Toward the client: hop-by-hop headers and
// internal details of the services are dropped.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Principal } from '@emporium/platform';
import { childTraceparent, traceIdOf } from './trace-context.js';

const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/** Set only by the gateway; a client sending them is ignored. Services still verify the token. */
export const IDENTITY_HEADERS = { userId: 'x-user-id', roles: 'x-user-roles' } as const;

const REQUEST_ONLY_BY_GATEWAY = [
  IDENTITY_HEADERS.userId,
  IDENTITY_HEADERS.roles,
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'forwarded',
];

// The gateway owns CORS and security headers; services' own versions or server banners never leak.
const RESPONSE_INTERNAL = ['x-powered-by', 'server', 'via', IDENTITY_HEADERS.userId, IDENTITY_HEADERS.roles];

function dropListedInConnection(headers: IncomingHttpHeaders | OutgoingHttpHeaders): void {
  const listed = headers.connection;
  if (typeof listed !== 'string') return;
  for (const name of listed.split(',')) delete headers[name.trim().toLowerCase()];
}

function isInternalName(name: string): boolean {
  return name.startsWith('x-internal-') || name.startsWith('x-emporium-');
}

export interface ForwardContext {
  requestId: string;
  clientIp: string;
  protocol: string;
  host: string | undefined;
  principal: Principal | undefined;
}

export function toUpstreamHeaders(
  headers: IncomingHttpHeaders,
  context: ForwardContext,
): IncomingHttpHeaders {
  dropListedInConnection(headers);
  for (const name of HOP_BY_HOP) delete headers[name];
  for (const name of REQUEST_ONLY_BY_GATEWAY) delete headers[name];
  for (const name of Object.keys(headers)) if (isInternalName(name)) delete headers[name];

  headers['x-request-id'] = context.requestId;
  const traceparent = childTraceparent(headers.traceparent);
  // A new trace (no valid parent from the caller) must not carry the caller's vendor state.
  if (traceIdOf(traceparent) !== traceIdOf(String(headers.traceparent ?? ''))) delete headers.tracestate;
  headers.traceparent = traceparent;
  headers['x-forwarded-for'] = context.clientIp;
  headers['x-forwarded-proto'] = context.protocol;
  if (context.host) headers['x-forwarded-host'] = context.host;
  if (context.principal) {
    headers[IDENTITY_HEADERS.userId] = context.principal.userId;
    headers[IDENTITY_HEADERS.roles] = context.principal.roles.join(',');
  }
  return headers;
}

export function toClientHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  dropListedInConnection(headers);
  for (const name of Object.keys(headers)) {
    if (
      HOP_BY_HOP.includes(name) ||
      RESPONSE_INTERNAL.includes(name) ||
      isInternalName(name) ||
      name.startsWith('access-control-')
    ) {
      delete headers[name];
    }
  }
  return headers;
}
