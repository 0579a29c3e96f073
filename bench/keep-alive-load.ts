// A minimal closed-loop HTTP/1.1 load generator: each connection keeps one request in flight over
// a keep-alive socket, reading just the status line and Content-Length of each answer. It exists
// for runs where the generator shares a thread with the service it drives and every microsecond it
// spends is taken from the work being measured (auth logins beside argon2): there, autocannon's JS
// HTTP parser and histograms cost about 0.25 ms of the thread per login (measured against the same
// run with autocannon in a worker thread).
import { connect, type Socket } from 'node:net';

export interface LoadRequest {
  method: 'POST' | 'GET';
  path: string;
  /** Called for every request: its JSON body. */
  body: () => string;
}

export interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  /** Milliseconds, sorted ascending. */
  latencies: number[];
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Sends `request` over `connections` sockets to `url` for `seconds`. Every request sent before the
 * end is counted and the run lasts until its answer: the rule the auth benchmark's raw hash loop
 * follows too, so neither side of a ratio loses the work in flight at the end of its window.
 */
export async function keepAliveLoad(
  url: string,
  request: LoadRequest,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const { hostname, port } = new URL(url);
  const result: LoadResult = { ok: 0, non2xx: 0, errors: 0, seconds, latencies: [] };
  const started = performance.now();
  const end = started + seconds * 1000;

  const connection = () =>
    new Promise<void>((resolve) => {
      const socket: Socket = connect({ host: hostname, port: Number(port), noDelay: true });
      let pending = Buffer.alloc(0);
      let sentAt = 0;
      const send = () => {
        if (performance.now() >= end) {
          socket.end();
          return resolve();
        }
        const body = request.body();
        sentAt = performance.now();
        socket.write(
          `${request.method} ${request.path} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\n` +
            `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      };
      socket.on('connect', send);
      socket.on('data', (chunk) => {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        const headerEnd = pending.indexOf(HEADER_END);
        if (headerEnd < 0) return;
        const head = pending.subarray(0, headerEnd).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < headerEnd + 4 + length) return;
        pending = pending.subarray(headerEnd + 4 + length);
        const status = Number(head.slice(9, 12));
        if (status >= 200 && status < 300) result.ok++;
        else result.non2xx++;
        result.latencies.push(performance.now() - sentAt);
        send();
      });
      socket.on('error', () => {
        result.errors++;
        resolve();
      });
      socket.on('close', () => resolve());
    });

  await Promise.all(Array.from({ length: connections }, connection));
  result.seconds = (performance.now() - started) / 1000;
  result.latencies.sort((a, b) => a - b);
  return result;
}

/** The p-th percentile of ascending `sorted` milliseconds, rounded to whole milliseconds. */
export const percentile = (sorted: number[], p: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
