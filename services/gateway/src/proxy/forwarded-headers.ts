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

// One set per direction, so each header is looked at once instead of once per list.
const DROPPED_TOWARD_SERVICE = new Set([...HOP_BY_HOP, ...REQUEST_ONLY_BY_GATEWAY]);
const DROPPED_TOWARD_CLIENT = new Set([...HOP_BY_HOP, ...RESPONSE_INTERNAL]);
const NOTHING_LISTED: readonly string[] = [];

/** The header names a `Connection` header lists: hop-by-hop for this one exchange (RFC 9110 §7.6.1). */
function listedInConnection(listed: unknown): readonly string[] {
  // Nearly every exchange says only `keep-alive` (a header dropped anyway) or `close` (no header):
  // no list to split, on both legs of every proxied request.
  if (typeof listed !== 'string' || listed === 'keep-alive' || listed === 'close') return NOTHING_LISTED;
  return listed.split(',').map((name) => name.trim().toLowerCase());
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

/**
 * The headers a service receives: the client's, less what only a hop or the gateway may set, plus
 * the gateway's own. Copied into a new object rather than deleted from the old one in place:
 * deleting properties turns an object into a slow dictionary for everything that reads it after.
 */
export function toUpstreamHeaders(
  headers: IncomingHttpHeaders,
  context: ForwardContext,
): IncomingHttpHeaders {
  const listed = listedInConnection(headers.connection);
  const forwarded: IncomingHttpHeaders = {};
  for (const name of Object.keys(headers)) {
    if (DROPPED_TOWARD_SERVICE.has(name) || isInternalName(name) || listed.includes(name)) continue;
    forwarded[name] = headers[name];
  }

  forwarded['x-request-id'] = context.requestId;
  const incomingTrace = headers.traceparent;
  const traceparent = childTraceparent(incomingTrace);
  // A new trace (no valid parent from the caller) must not carry the caller's vendor state.
  if (
    forwarded.tracestate !== undefined &&
    traceIdOf(traceparent) !== traceIdOf(String(incomingTrace ?? ''))
  ) {
    delete forwarded.tracestate;
  }
  forwarded.traceparent = traceparent;
  forwarded['x-forwarded-for'] = context.clientIp;
  forwarded['x-forwarded-proto'] = context.protocol;
  if (context.host) forwarded['x-forwarded-host'] = context.host;
  if (context.principal) {
    forwarded[IDENTITY_HEADERS.userId] = context.principal.userId;
    forwarded[IDENTITY_HEADERS.roles] = context.principal.roles.join(',');
  }
  return forwarded;
}

/** The service's answer headers a client receives (a new object, as toUpstreamHeaders). */
export function toClientHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const listed = listedInConnection(headers.connection);
  const kept: OutgoingHttpHeaders = {};
  for (const name of Object.keys(headers)) {
    if (
      DROPPED_TOWARD_CLIENT.has(name) ||
      isInternalName(name) ||
      name.startsWith('access-control-') ||
      listed.includes(name)
    ) {
      continue;
    }
    kept[name] = headers[name];
  }
  return kept;
}
