// W3C trace context: the gateway is one hop of the caller's trace (or starts a new trace), so each
// service's spans hang under the gateway's span id.
import { randomBytes } from 'node:crypto';

// Ids come from a pool of random bytes refilled 4 KiB at a time: one small randomBytes call per
// request was a measurable share of the gateway's time per proxied request.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  offset += bytes;
  return pool.toString('hex', offset - bytes, offset);
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);

/** A traceparent for the upstream call: same trace id and flags as the caller's, a fresh span id. */
export function childTraceparent(incoming: string | string[] | undefined): string {
  const match = typeof incoming === 'string' ? TRACEPARENT.exec(incoming.trim()) : null;
  const spanId = randomHex(8);
  if (match && match[1] !== ZERO_TRACE) return `00-${match[1]}-${spanId}-${match[3]}`;
  return `00-${randomHex(16)}-${spanId}-01`;
}

export function traceIdOf(traceparent: string): string {
  return traceparent.slice(3, 35);
}
