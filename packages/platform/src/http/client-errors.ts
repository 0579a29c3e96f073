// Requests Node's HTTP parser refuses before Fastify sees them (headers or a request line too
// large, a malformed request, one sent too slowly) are answered as problem+json like every other
// refusal, instead of Fastify's own JSON shape. The connection is closed after the answer.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_BASE, type ProblemBody } from '../problems.js';

const REFUSALS: Record<string, { status: number; slug: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    slug: 'header-fields-too-large',
    detail: 'The request line and headers together are too large.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    slug: 'request-timeout',
    detail: 'The request was not sent in time.',
  },
};
const MALFORMED = { status: 400, slug: 'malformed-request', detail: 'The request is not well-formed HTTP.' };

export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, slug, detail } = REFUSALS[error.code ?? ''] ?? MALFORMED;
  const problem: ProblemBody = {
    type: PROBLEM_BASE + slug,
    title: STATUS_CODES[status] ?? 'Bad Request',
    status,
    detail,
  };
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
