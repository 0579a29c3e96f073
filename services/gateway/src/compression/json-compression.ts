// Compresses JSON answers of 1 KB or more for clients that ask (Accept-Encoding), on libuv's
// thread pool: zlib's callback and stream forms run there, so a burst of large answers never
// lags the event loop that load shedding watches (the synchronous forms would). Images, the web
// app's precompressed files, event streams and anything already encoded pass untouched.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { promisify } from 'node:util';
import {
  type BrotliOptions,
  brotliCompress,
  constants,
  createBrotliCompress,
  createGzip,
  gzip,
  type ZlibOptions,
} from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type Encoding = 'br' | 'gzip';

// Low levels: most of the size win at a small share of the CPU (brotli 11 or gzip 9 cost several
// times more for a few percent). Brotli first when the client rates both equally: smaller JSON.
const BROTLI: BrotliOptions = {
  params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
};
const GZIP: ZlibOptions = { level: 5 };
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const compressBuffer: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => brotliAsync(body, BROTLI),
  gzip: (body) => gzipAsync(body, GZIP),
};
const compressStream: Record<Encoding, () => NodeJS.ReadWriteStream> = {
  br: () => createBrotliCompress(BROTLI),
  gzip: () => createGzip(GZIP),
};

// application/json, application/problem+json, application/graphql-response+json, …
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

export interface JsonCompressionOptions {
  /** Smaller answers go as they are: the encoding's framing would eat most of the gain. */
  minBytes: number;
}

function sizeOf(payload: unknown, reply: FastifyReply): number | undefined {
  if (typeof payload === 'string') return Buffer.byteLength(payload);
  if (Buffer.isBuffer(payload)) return payload.length;
  const declared = Number(reply.getHeader('content-length'));
  return Number.isFinite(declared) && declared > 0 ? declared : undefined;
}

function isStream(payload: unknown): payload is Readable {
  return typeof (payload as Readable | null)?.pipe === 'function';
}

function compressible(request: FastifyRequest, reply: FastifyReply, payload: unknown): boolean {
  if (request.method === 'HEAD' || reply.statusCode < 200 || reply.statusCode === 204) return false;
  if (reply.statusCode === 304 || payload === null || payload === undefined) return false;
  if (reply.hasHeader('content-encoding')) return false;
  if (/\bno-transform\b/i.test(String(reply.getHeader('cache-control') ?? ''))) return false;
  return JSON_TYPE.test(String(reply.getHeader('content-type') ?? ''));
}

function addVary(reply: FastifyReply): void {
  const current = String(reply.getHeader('vary') ?? '');
  if (current === '*' || /\baccept-encoding\b/i.test(current)) return;
  reply.header('vary', current ? `${current}, Accept-Encoding` : 'Accept-Encoding');
}

/** The encoded body differs byte for byte, so a strong validator of the plain one no longer holds. */
function weakenEtag(reply: FastifyReply): void {
  const etag = reply.getHeader('etag');
  if (typeof etag === 'string' && !etag.startsWith('W/')) reply.header('etag', `W/${etag}`);
}

/**
 * The edge cache answers every hit with the same Buffer it stored, so keying on that Buffer keeps
 * its compressed forms exactly as long as the entry lives, without the cache knowing about them.
 * A promise is kept so simultaneous hits share one compression.
 */
function compressedOnce() {
  const compressed = new WeakMap<Buffer, Partial<Record<Encoding, Promise<Buffer>>>>();
  return (body: Buffer, encoding: Encoding): Promise<Buffer> => {
    const forms = compressed.get(body) ?? {};
    compressed.set(body, forms);
    const existing = forms[encoding];
    if (existing) return existing;
    const made = compressBuffer[encoding](body);
    forms[encoding] = made;
    // A failure must not stay cached: the next request tries again.
    made.catch(() => delete forms[encoding]);
    return made;
  };
}

export function registerJsonCompression(app: FastifyInstance, options: JsonCompressionOptions): void {
  // No negotiation cache: clients choose the header's text, so a cache of it could grow unbounded.
  const negotiator = new Negotiator<Encoding>({ supportedValues: ['br', 'gzip'] });
  const compressBody = compressedOnce();

  /** The encoding to send the answer in; null to send it as it is (most answers: small or not JSON). */
  function chosenEncoding(request: FastifyRequest, reply: FastifyReply, payload: unknown): Encoding | null {
    if (!compressible(request, reply, payload)) return null;
    const size = sizeOf(payload, reply);
    // A stream of unknown length is worth encoding; a known small body is not.
    if (size !== undefined && size < options.minBytes) return null;
    addVary(reply);
    const accepted = request.headers['accept-encoding'];
    const header = Array.isArray(accepted) ? accepted.join(',') : accepted;
    return header ? negotiator.negotiate(header) : null;
  }

  // Callback style: an async hook would cost a promise and a microtask turn on every answer, and
  // most answers pass through unchanged.
  app.addHook('onSend', (request, reply, payload, done) => {
    const encoding = chosenEncoding(request, reply, payload);
    if (!encoding) return done(null, payload);
    reply.header('content-encoding', encoding);
    weakenEtag(reply);
    if (isStream(payload)) {
      reply.removeHeader('content-length');
      return done(
        null,
        pipeline(payload, compressStream[encoding](), (error) => {
          if (error) request.log.warn({ err: error }, 'compressing an answer failed');
        }),
      );
    }
    const compressing = Buffer.isBuffer(payload)
      ? compressBody(payload, encoding)
      : compressBuffer[encoding](Buffer.from(String(payload)));
    compressing.then(
      (body) => {
        reply.header('content-length', String(body.length));
        done(null, body);
      },
      (error: unknown) => {
        // The answer itself is fine; sending it plain beats failing it.
        request.log.warn({ err: error }, 'compressing an answer failed; sent uncompressed');
        reply.removeHeader('content-encoding');
        done(null, payload);
      },
    );
  });
}
