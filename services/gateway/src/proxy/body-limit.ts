// Proxied bodies stream through untouched (a webhook's signature covers its exact bytes), so the
// usual parser's size check does not run: this one refuses a declared oversize body at once and
// cuts off an undeclared (chunked) one as soon as it passes the limit.
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { HttpProblem } from '@emporium/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';

function tooLarge(limit: number): HttpProblem {
  return new HttpProblem(
    413,
    'payload-too-large',
    'Payload too large',
    `The request body is larger than ${limit} bytes.`,
  );
}

class LimitedBody extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) done(tooLarge(this.limit));
    else done(null, chunk);
  }
}

/** Registers pass-through parsers for every content type in this plugin scope. */
export function passThroughBodies(scope: FastifyInstance, limit: number): void {
  const parser = (
    request: FastifyRequest,
    payload: IncomingMessage,
    done: (e: Error | null, b?: unknown) => void,
  ) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return done(tooLarge(limit));
    if (request.headers['content-length'] !== undefined) return done(null, payload);
    return done(null, payload.pipe(new LimitedBody(limit)));
  };
  scope.addContentTypeParser('application/json', parser);
  scope.addContentTypeParser('*', parser);
}
