import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// Accept a caller's id only if it is short and plain, so it can't smuggle text into the logs.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}
