// Runs `npm start`'s embedded platform (every service in one child process, on PGlite and in-memory
// adapters, with a fresh data directory) so a test can put its own gateway in front of the real
// services. Spawned, never imported: the services' code is their own.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@emporium/platform/testing';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

// The embedded topology: the gateway on the base port, then the services in this order.
const SERVICE_OFFSETS = {
  auth: 1,
  user: 2,
  product: 3,
  order: 4,
  payment: 5,
  notification: 6,
  pricing: 7,
} as const;
export type EmbeddedServiceName = keyof typeof SERVICE_OFFSETS;

export interface EmbeddedPlatform {
  /** Base URL of each service, as the gateway's *_URL settings want them. */
  urls: Record<EmbeddedServiceName, string>;
  admin: { email: string; password: string };
  /** The secret the services want on /internal/* (kept in the data directory). */
  internalToken: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startEmbeddedPlatform(): Promise<EmbeddedPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'emporium-gateway-fuzz-'));
  // A port range of its own; other tests that run the platform pick theirs from 20000–28000.
  const portBase = 28_000 + Math.floor(Math.random() * 300) * 10;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/embedded/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      EMPORIUM_DATA_DIR: dataDir,
      EMPORIUM_PORT_BASE: String(portBase),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`embedded platform exited early:\n${output}`);
      return /is up in/.test(output);
    }, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const urls = Object.fromEntries(
    Object.entries(SERVICE_OFFSETS).map(([name, offset]) => [name, `http://127.0.0.1:${portBase + offset}`]),
  ) as Record<EmbeddedServiceName, string>;
  const admin = JSON.parse(readFileSync(join(dataDir, 'admin-credentials.json'), 'utf8')) as {
    email: string;
    password: string;
  };
  const internalToken = readFileSync(join(dataDir, 'internal-token'), 'utf8').trim();
  return { urls, admin, internalToken, output: () => output, stop };
}

/** The gateway settings that point it at the embedded platform's services (a test adds its own). */
export function gatewayUpstreams(platform: EmbeddedPlatform): Record<string, string> {
  return {
    AUTH_URL: platform.urls.auth,
    USER_URL: platform.urls.user,
    PRODUCT_URL: platform.urls.product,
    ORDER_URL: platform.urls.order,
    PAYMENT_URL: platform.urls.payment,
    NOTIFICATION_URL: platform.urls.notification,
    PRICING_URL: platform.urls.pricing,
    AUTH_JWKS_URL: `${platform.urls.auth}/.well-known/jwks.json`,
    INTERNAL_TOKEN: platform.internalToken,
  };
}
