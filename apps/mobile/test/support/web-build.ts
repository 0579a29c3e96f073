// The app's web build for browser tests: `expo export --platform web` into a directory of the
// test's own, served by a static server that falls back to index.html as a single-page app's
// host would, and relays /api and /media to a gateway.
//
// The build calls the API on the origin it is served from (EXPO_PUBLIC_API_URL=/), as it would
// behind a host that routes /api to the gateway. So one build (and Metro's cache of it) serves
// every run, whatever port the test's platform got, and the browser needs no CORS.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request as relay, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const appDir = fileURLToPath(new URL('../..', import.meta.url));
const contentTypes: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
};
const RELAYED = /^\/(api|media)\//;

export interface WebBuild {
  /** Where the app is served, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Stops serving and removes the build. */
  close(): Promise<void>;
}

/** Bundles the app for the web into a fresh directory. About 10 s with a warm Metro cache. */
export async function exportWebBuild(): Promise<string> {
  const outputDir = await mkdtemp(join(tmpdir(), 'emporium-mobile-web-'));
  // Without Vitest's NODE_ENV=test: the export builds for production, and shares Metro's cache
  // with an export run by hand.
  const env: Record<string, string | undefined> = { ...process.env, CI: '1', EXPO_PUBLIC_API_URL: '/' };
  delete env.NODE_ENV;
  await promisify(execFile)('npx', ['expo', 'export', '--platform', 'web', '--output-dir', outputDir], {
    cwd: appDir,
    env: env as NodeJS.ProcessEnv,
    maxBuffer: 16 * 1024 * 1024,
  });
  return outputDir;
}

/** Serves an exported build, with its API and media requests going on to `gatewayUrl`. */
export async function serveWebBuild(distDir: string, gatewayUrl: string): Promise<WebBuild> {
  const gateway = new URL(gatewayUrl);
  const server: Server = createServer(async (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    if (RELAYED.test(pathname)) {
      const upstream = relay(
        {
          host: gateway.hostname,
          port: gateway.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: gateway.host },
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.writeHead(502).end());
      request.pipe(upstream);
      return;
    }
    const file = join(distDir, normalize(decodeURIComponent(pathname)));
    const body = await readFile(
      file.startsWith(distDir) && extname(file) ? file : join(distDir, 'index.html'),
    ).catch(() => undefined);
    if (!body) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'text/html' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(distDir, { recursive: true, force: true });
    },
  };
}
