// Sends a stored (possibly replayed) response exactly as it was first answered.
import type { FastifyReply } from 'fastify';
import type { StoredResponse } from '../repositories/idempotency-keys.js';

export function sendStored(reply: FastifyReply, response: StoredResponse) {
  if (response.statusCode >= 400) reply.type('application/problem+json');
  return reply.status(response.statusCode).send(response.body);
}
