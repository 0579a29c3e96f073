// A collector's OTLP/HTTP endpoint in miniature for tests: a plain HTTP server on 127.0.0.1 that
// keeps the spans of every JSON export posted to /v1/traces.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  /** The exporting resource's `service.name`. */
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status?: { code?: number };
}

export interface OtlpReceiver {
  /** What OTEL_EXPORTER_OTLP_ENDPOINT should be set to. */
  url: string;
  spans: ReceivedSpan[];
  /** Requests received, on any path. */
  posts: number;
  /** The one span of `service` named `name`; throws naming what arrived otherwise. */
  only(service: string, name: string): ReceivedSpan;
  close(): Promise<void>;
}

interface ExportRequest {
  resourceSpans?: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: Omit<ReceivedSpan, 'service'>[] }[];
  }[];
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      receiver.posts += 1;
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest;
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service =
            resourceSpans.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value
              .stringValue ?? '';
          for (const scope of resourceSpans.scopeSpans) {
            for (const span of scope.spans) receiver.spans.push({ ...span, service });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: OtlpReceiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans: [],
    posts: 0,
    only(service, name) {
      const found = receiver.spans.filter((span) => span.service === service && span.name === name);
      if (found.length !== 1) {
        const seen = receiver.spans.map((span) => `${span.service} ${span.name}`).join(', ');
        throw new Error(`expected one span ${service} "${name}", got ${found.length} among: ${seen}`);
      }
      return found[0]!;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return receiver;
}
